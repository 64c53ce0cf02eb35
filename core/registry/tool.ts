import type { Logger } from 'pino';
import { z } from 'zod';
import type { Stores } from '../stores/index.ts';

/** An inline UI component a display tool asks the dashboard to render, e.g. `{ component: 'MetricCard', props }`. */
export interface UiComponent {
  component: string;
  props: unknown;
}

/** Where a tool reads from; `display` tools only emit components, `none` tools compute. */
export type ToolSource = 'postgres' | 'clickhouse' | 'display' | 'none';

/** What every tool call gets: its workspace, the stores, a clock, a logger, a cancel signal and a UI sink. */
export interface ToolContext {
  workspaceId: string;
  stores: Stores;
  clock: () => Date;
  logger: Logger;
  signal: AbortSignal;
  emit(component: UiComponent): void;
}

/** A tool the model may call: its input schema is both the runtime validator and the model's JSON Schema. */
export interface Tool<Input extends z.ZodObject = z.ZodObject> {
  name: string;
  description: string;
  input: Input;
  output?: z.ZodType;
  source: ToolSource;
  run(input: z.output<Input>, ctx: ToolContext): Promise<unknown>;
}

/**
 * Declares a tool. Write `description` and every field's `.describe()` for the model: say what the tool
 * returns and when to use it. A non-object input schema is refused here, with a message that says how to fix it.
 */
export function defineTool<Input extends z.ZodObject>(tool: Tool<Input>): Tool {
  if (!(tool.input instanceof z.ZodObject)) {
    throw new Error(
      `Tool '${tool.name}': input must be a z.object({...}) (the model's tool input is always a JSON object); ` +
        `wrap a single value as z.object({ value: ... }).`,
    );
  }
  return tool as unknown as Tool;
}
