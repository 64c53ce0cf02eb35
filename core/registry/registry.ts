import { z } from 'zod';
import type { ToolSpec } from '../models/model.ts';
import type { Tool, ToolContext, UiComponent } from './tool.ts';

/** What a tool call gives back to the machine: the output (or an error message the model reads) and components. */
export interface ToolCallResult {
  content: unknown;
  isError: boolean;
  components: UiComponent[];
}

/** The context of one call; `emit` is optional here because the registry collects components itself. */
export type CallContext = Omit<ToolContext, 'emit'> & { emit?: ToolContext['emit'] };

/** The tools of an agent, checked at load, with their model specs and a call that never throws. */
export interface Registry {
  readonly tools: readonly Tool[];
  specs(): ToolSpec[];
  has(name: string): boolean;
  call(name: string, rawArgs: unknown, ctx: CallContext, options?: { timeoutMs?: number }): Promise<ToolCallResult>;
}

const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Builds a registry from a plain list. Duplicate or malformed names, empty descriptions and non-object input
 * schemas are refused here, at load, with a message that says how to fix them.
 */
export function createRegistry(tools: Tool[]): Registry {
  const byName = new Map<string, Tool>();
  for (const tool of tools) {
    checkTool(tool);
    if (byName.has(tool.name)) {
      throw new Error(`Tool '${tool.name}' is registered twice: give each tool a unique name or remove the duplicate from the list.`);
    }
    byName.set(tool.name, tool);
  }
  const specs = tools.map(toSpec);
  return {
    tools,
    specs: () => specs,
    has: (name) => byName.has(name),
    async call(name, rawArgs, ctx, options = {}) {
      const tool = byName.get(name);
      if (!tool) return failure(`Unknown tool '${name}'. Available tools: ${[...byName.keys()].join(', ') || 'none'}.`);
      const parsed = tool.input.safeParse(rawArgs);
      if (!parsed.success) return failure(`Invalid arguments for '${name}': ${describeIssues(parsed.error)}.`);
      return runTool(tool, parsed.data, ctx, options.timeoutMs);
    },
  };
}

async function runTool(tool: Tool, input: Record<string, unknown>, ctx: CallContext, timeoutMs: number | undefined): Promise<ToolCallResult> {
  const components: UiComponent[] = [];
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          timedOut = true;
          controller.abort(new Error(`timed out after ${timeoutMs} ms`));
        }, timeoutMs);
  const onCancel = () => controller.abort(ctx.signal.reason);
  if (ctx.signal.aborted) onCancel();
  else ctx.signal.addEventListener('abort', onCancel, { once: true });
  const toolCtx: ToolContext = {
    ...ctx,
    signal: controller.signal,
    emit(component) {
      components.push(component);
      ctx.emit?.(component);
    },
  };
  try {
    const output = await untilAborted(tool.run(input, toolCtx), controller.signal);
    if (tool.output) {
      const checked = tool.output.safeParse(output);
      if (!checked.success) {
        return failure(`Tool '${tool.name}' returned output that does not match its schema: ${describeIssues(checked.error)}.`, components);
      }
    }
    return { content: output ?? null, isError: false, components };
  } catch (error) {
    if (timedOut) return failure(`Tool '${tool.name}' timed out after ${timeoutMs} ms.`, components);
    if (ctx.signal.aborted) return failure(`Tool '${tool.name}' was cancelled.`, components);
    return failure(failureText(tool, error, ctx.logger), components);
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener('abort', onCancel);
  }
}

/** Network-level failures of a store: the model (and so the user) hears that it is unavailable, not its address. */
const UNAVAILABLE = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE|EAI_AGAIN)\b/;

/**
 * What the model reads when a tool throws: the tool's own message, except for a store that cannot be reached,
 * whose host and port stay in the log.
 */
function failureText(tool: Tool, error: unknown, logger: ToolContext['logger']): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  if (!UNAVAILABLE.test(typeof code === 'string' ? code : message)) return `Tool '${tool.name}' failed: ${message}`;
  logger.warn({ err: error, tool: tool.name }, 'tool could not reach its store');
  const store = tool.source === 'clickhouse' ? 'the ClickHouse store' : tool.source === 'postgres' ? 'the Postgres store' : 'a data store';
  return `Tool '${tool.name}' failed: ${store} is unavailable right now; try again in a moment.`;
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function failure(message: string, components: UiComponent[] = []): ToolCallResult {
  return { content: message, isError: true, components };
}

/** Lists every bad field path with what was expected, e.g. `days: Invalid input: expected number, received string`. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(input)'}: ${issue.message}`)
    .join('; ');
}

function checkTool(tool: Tool): void {
  const label = `Tool '${String(tool.name)}'`;
  if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) {
    throw new Error(`${label}: the name must be 1-64 letters, digits, '_' or '-' (e.g. 'list_segments').`);
  }
  if (typeof tool.description !== 'string' || tool.description.trim() === '') {
    throw new Error(`${label} has an empty description: say what it returns and when the model should use it.`);
  }
  if (!(tool.input instanceof z.ZodObject)) {
    throw new Error(`${label}: input must be a z.object({...}); wrap a single value as z.object({ value: ... }).`);
  }
  if (typeof tool.run !== 'function') {
    throw new Error(`${label} has no run(input, ctx) function: add one that returns the tool's output.`);
  }
}

function toSpec(tool: Tool): ToolSpec {
  let schema: Record<string, unknown>;
  try {
    schema = z.toJSONSchema(tool.input, { io: 'input' }) as Record<string, unknown>;
  } catch (error) {
    throw new Error(
      `Tool '${tool.name}': its input schema cannot become JSON Schema (${error instanceof Error ? error.message : error}); ` +
        `use JSON-friendly zod types (strings, numbers, enums, objects, arrays).`,
    );
  }
  const { $schema: _ignored, ...inputSchema } = schema;
  return { name: tool.name, description: tool.description, input_schema: inputSchema };
}
