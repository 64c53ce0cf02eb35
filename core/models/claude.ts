import { setTimeout as sleep } from 'node:timers/promises';
import Anthropic, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { readConfig } from '../config.ts';
import { readClaudeStream } from './claude-stream.ts';
import { ModelError } from './model-error.ts';
import type { Model, ModelRequest } from './model.ts';

/** The model used when `COPILOT_MODEL` is not set. */
export const DEFAULT_CLAUDE_MODEL = 'claude-sonnet-4-6';

/** Backoff of retried calls: attempt `n` waits about `baseDelayMs · 2ⁿ` (with jitter), at most `maxDelayMs`. */
export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Options of the Claude model; each falls back to the environment (`ANTHROPIC_*`, `COPILOT_MODEL`) or a default. */
export interface ClaudeOptions {
  apiKey?: string;
  authToken?: string;
  baseURL?: string;
  model?: string;
  maxTokens?: number;
  /** Budget of one HTTP attempt, stream included. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, baseDelayMs: 500, maxDelayMs: 8_000 };

/**
 * Claude on the Messages API, streaming, with tools (parallel calls included). The system prompt and the tool
 * specs are cached (`cache_control` on the system block and the last tool). 429, 529 and overloaded errors are
 * retried with backoff while nothing has been streamed yet; failures become `ModelError`s with stable codes.
 */
export function claudeModel(options: ClaudeOptions = {}): Model {
  const config = readConfig();
  const name = options.model ?? config.copilotModel ?? DEFAULT_CLAUDE_MODEL;
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const client = new Anthropic({
    apiKey: options.apiKey ?? (options.authToken ? null : (config.anthropicApiKey ?? null)),
    authToken: options.authToken ?? null,
    baseURL: options.baseURL ?? config.anthropicBaseUrl ?? null,
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: 0,
  });
  const maxTokens = options.maxTokens ?? 4_096;
  return {
    name,
    provider: 'anthropic',
    async *stream(request, signal) {
      const params = toParams(name, request, maxTokens);
      for (let attempt = 0; ; attempt++) {
        let streamed = false;
        try {
          const stream = await client.messages.create(params, { signal });
          for await (const event of readClaudeStream(stream, name)) {
            if (signal.aborted) break;
            streamed = true;
            yield event;
          }
          if (signal.aborted) throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.');
          return;
        } catch (error) {
          const failure = toModelError(error, signal, streamed);
          if (streamed || attempt >= retry.maxRetries || !isRetryable(failure)) throw failure;
          await backoff(retry, attempt, retryAfterMs(error), signal);
        }
      }
    },
  };
}

function toParams(model: string, request: ModelRequest, maxTokens: number): MessageCreateParamsStreaming {
  const tools = request.tools.map((tool, index) => ({
    name: tool.name,
    description: tool.description,
    input_schema: tool.input_schema as { type: 'object' },
    ...(index === request.tools.length - 1 ? { cache_control: { type: 'ephemeral' as const } } : {}),
  }));
  return {
    model,
    max_tokens: request.maxTokens ?? maxTokens,
    ...(request.system ? { system: [{ type: 'text', text: request.system, cache_control: { type: 'ephemeral' } }] } : {}),
    messages: request.messages as MessageCreateParamsStreaming['messages'],
    ...(tools.length > 0 ? { tools } : {}),
    stream: true,
  };
}

function toModelError(error: unknown, signal: AbortSignal, streamed: boolean): ModelError {
  if (error instanceof ModelError) return error;
  if (signal.aborted || error instanceof APIUserAbortError) return new ModelError('MODEL_ABORTED', 'The model call was cancelled.', { cause: error });
  if (error instanceof APIConnectionTimeoutError) return new ModelError('MODEL_TIMEOUT', 'Claude did not answer in time.', { cause: error });
  if (error instanceof APIError) {
    const status = error.status;
    const message = error.apiMessage ?? error.message;
    if (status === 529 || error.type === 'overloaded_error') return new ModelError('MODEL_OVERLOADED', `Claude is overloaded: ${message}`, { status, cause: error });
    if (status === 429) return new ModelError('MODEL_RATE_LIMITED', `Claude rate limit reached: ${message}`, { status, cause: error });
    if (status === 401 || status === 403) return new ModelError('MODEL_AUTH', `Claude refused the credentials: ${message}`, { status, cause: error });
    if (status !== undefined && status >= 400 && status < 500) return new ModelError('MODEL_BAD_REQUEST', `Claude refused the request: ${message}`, { status, cause: error });
    if (error instanceof APIConnectionError && streamed) return new ModelError('MODEL_STREAM_CUT', 'The Claude stream was cut off.', { cause: error });
    return new ModelError('MODEL_ERROR', `Claude failed: ${message}`, { status, cause: error });
  }
  if (streamed) return new ModelError('MODEL_STREAM_CUT', 'The Claude stream was cut off.', { cause: error });
  return new ModelError('MODEL_ERROR', `Claude failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

function isRetryable(error: ModelError): boolean {
  if (error.code === 'MODEL_RATE_LIMITED' || error.code === 'MODEL_OVERLOADED' || error.code === 'MODEL_STREAM_CUT') return true;
  return error.code === 'MODEL_ERROR' && (error.status === undefined || error.status >= 500);
}

function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIError) || !error.headers) return undefined;
  const ms = Number(error.headers.get('retry-after-ms') ?? Number(error.headers.get('retry-after')) * 1000);
  return Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

async function backoff(policy: RetryPolicy, attempt: number, retryAfter: number | undefined, signal: AbortSignal): Promise<void> {
  const exponential = policy.baseDelayMs * 2 ** attempt * (0.75 + Math.random() * 0.25);
  const delay = Math.min(policy.maxDelayMs, Math.max(exponential, retryAfter ?? 0));
  try {
    await sleep(delay, undefined, { signal });
  } catch (cause) {
    throw new ModelError('MODEL_ABORTED', 'The model call was cancelled.', { cause });
  }
}
