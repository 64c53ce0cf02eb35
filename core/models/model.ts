/** A tool as the model sees it: name, description and a JSON Schema for its input. */
export interface ToolSpec {
  name: string;
  description: string;
  input_schema: Record<string, unknown>;
}

/** Plain text written by the user or the model. */
export interface TextBlock {
  type: 'text';
  text: string;
}

/** A tool call the model asked for. */
export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
}

/** The outcome of a tool call, sent back to the model; `content` is the JSON-stringified tool output. */
export interface ToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
  is_error?: boolean;
}

/** One block of a transcript message. */
export type ContentBlock = TextBlock | ToolUseBlock | ToolResultBlock;

/** One turn of a conversation, in the shape of Anthropic's Messages API. */
export interface TranscriptMessage {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

/** What a model is asked for one step. */
export interface ModelRequest {
  system: string;
  messages: TranscriptMessage[];
  tools: ToolSpec[];
  maxTokens?: number;
}

/** Token counts (and cost when the price is known) of one or more model calls. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  costUsd?: number;
}

/** Why the model stopped: it answered, it wants tools, or it ran out of tokens. */
export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'pause_turn';

/** One item of a model's streamed answer. */
export type ModelStreamEvent =
  | { type: 'text-delta'; text: string }
  | { type: 'tool-call-start'; id: string; name: string }
  | { type: 'tool-call-delta'; id: string; delta: string }
  | { type: 'tool-call-end'; id: string; input: unknown }
  | { type: 'finish'; stopReason: StopReason; usage: Usage };

/** A streaming language model: the machine asks it for the next step and never cares which one runs. */
export interface Model {
  readonly name: string;
  readonly provider: string;
  stream(request: ModelRequest, signal: AbortSignal): AsyncIterable<ModelStreamEvent>;
}

/** Adds `more` to `total`; the cost stays undefined only while neither side knows it. */
export function addUsage(total: Usage, more: Usage): Usage {
  return {
    inputTokens: total.inputTokens + more.inputTokens,
    outputTokens: total.outputTokens + more.outputTokens,
    cacheReadTokens: (total.cacheReadTokens ?? 0) + (more.cacheReadTokens ?? 0),
    cacheWriteTokens: (total.cacheWriteTokens ?? 0) + (more.cacheWriteTokens ?? 0),
    costUsd:
      total.costUsd === undefined && more.costUsd === undefined
        ? undefined
        : (total.costUsd ?? 0) + (more.costUsd ?? 0),
  };
}
