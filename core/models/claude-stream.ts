import type { RawMessageStreamEvent } from '@anthropic-ai/sdk/resources/messages/messages';
import { ModelError } from './model-error.ts';
import type { ModelStreamEvent, StopReason, Usage } from './model.ts';
import { costUsd } from './pricing.ts';

/**
 * Turns Claude's raw stream (message_start, content_block_*, message_delta, message_stop) into model stream
 * events. A stream that ends before message_stop was cut off: MODEL_STREAM_CUT.
 */
export async function* readClaudeStream(stream: AsyncIterable<RawMessageStreamEvent>, model: string): AsyncGenerator<ModelStreamEvent> {
  const toolBlocks = new Map<number, { id: string; json: string }>();
  const usage: Usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  let stopReason: StopReason = 'end_turn';
  for await (const event of stream) {
    switch (event.type) {
      case 'message_start':
        usage.inputTokens = event.message.usage.input_tokens;
        usage.outputTokens = event.message.usage.output_tokens;
        usage.cacheReadTokens = event.message.usage.cache_read_input_tokens ?? 0;
        usage.cacheWriteTokens = event.message.usage.cache_creation_input_tokens ?? 0;
        break;
      case 'content_block_start':
        if (event.content_block.type === 'text' && event.content_block.text) {
          yield { type: 'text-delta', text: event.content_block.text };
        } else if (event.content_block.type === 'tool_use') {
          toolBlocks.set(event.index, { id: event.content_block.id, json: '' });
          yield { type: 'tool-call-start', id: event.content_block.id, name: event.content_block.name };
        }
        break;
      case 'content_block_delta': {
        const block = toolBlocks.get(event.index);
        if (event.delta.type === 'text_delta') {
          yield { type: 'text-delta', text: event.delta.text };
        } else if (event.delta.type === 'input_json_delta' && block !== undefined && event.delta.partial_json !== '') {
          block.json += event.delta.partial_json;
          yield { type: 'tool-call-delta', id: block.id, delta: event.delta.partial_json };
        }
        break;
      }
      case 'content_block_stop': {
        const block = toolBlocks.get(event.index);
        if (block !== undefined) yield { type: 'tool-call-end', id: block.id, input: parseToolInput(block.json) };
        break;
      }
      case 'message_delta':
        if (event.delta.stop_reason) stopReason = event.delta.stop_reason as StopReason;
        usage.outputTokens = event.usage.output_tokens;
        if (typeof event.usage.input_tokens === 'number') usage.inputTokens = event.usage.input_tokens;
        break;
      case 'message_stop':
        yield { type: 'finish', stopReason, usage: { ...usage, costUsd: costUsd(model, usage) } };
        return;
    }
  }
  throw new ModelError('MODEL_STREAM_CUT', 'The Claude stream ended before message_stop.');
}

/** Parses a tool call's streamed JSON; unparseable input is passed on as a string so validation reports it. */
function parseToolInput(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    return json;
  }
}
