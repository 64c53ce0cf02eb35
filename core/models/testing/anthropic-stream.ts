import { readFileSync } from 'node:fs';

/** One event of the Anthropic Messages streaming protocol, as sent on the wire. */
export interface AnthropicStreamEvent {
  type: string;
  [field: string]: unknown;
}

/** Usage a fake reply reports: input on message_start, output on message_delta. */
export interface FakeUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_read_input_tokens?: number;
  cache_creation_input_tokens?: number;
}

/** A tool call in a fake reply; ids default to `toolu_fake_<n>`. */
export interface FakeToolCall {
  id?: string;
  name: string;
  input: Record<string, unknown>;
}

/**
 * The events of one assistant turn: optional text (streamed in two deltas), then tool_use blocks whose input
 * arrives as input_json_delta fragments, with a ping after message_start as the real API sends.
 */
export function assistantTurn(options: { text?: string; toolCalls?: FakeToolCall[]; usage?: FakeUsage; model?: string }): AnthropicStreamEvent[] {
  const { text, toolCalls = [], usage = {} } = options;
  const events: AnthropicStreamEvent[] = [
    {
      type: 'message_start',
      message: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model: options.model ?? 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: usage.input_tokens ?? 100,
          output_tokens: 1,
          cache_read_input_tokens: usage.cache_read_input_tokens ?? 0,
          cache_creation_input_tokens: usage.cache_creation_input_tokens ?? 0,
        },
      },
    },
    { type: 'ping' },
  ];
  let index = 0;
  if (text) {
    const half = Math.ceil(text.length / 2);
    events.push(
      { type: 'content_block_start', index, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(0, half) } },
      ...(half < text.length ? [{ type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(half) } }] : []),
      { type: 'content_block_stop', index },
    );
    index++;
  }
  for (const call of toolCalls) {
    const json = JSON.stringify(call.input);
    const half = Math.ceil(json.length / 2);
    events.push(
      { type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id ?? `toolu_fake_${index}`, name: call.name, input: {} } },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: '' } },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } },
      { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: json.slice(half) } },
      { type: 'content_block_stop', index },
    );
    index++;
  }
  events.push(
    {
      type: 'message_delta',
      delta: { stop_reason: toolCalls.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.output_tokens ?? 20 },
    },
    { type: 'message_stop' },
  );
  return events;
}

/** Writes events as the SSE text the API sends (`event: <type>` and `data: <json>`). */
export function toSse(events: AnthropicStreamEvent[]): string {
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

/** Reads a recorded stream from `core/models/testing/fixtures/<name>.sse`. */
export function readSseFixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}.sse`, import.meta.url), 'utf8');
}
