import { DEFAULT_MACHINE } from '../machines.ts';
import { runOf } from './session.ts';

/** What promptfoo hands a provider: its config from promptfooconfig.yaml. */
interface ProviderOptions {
  id?: string;
  config?: { machine?: string };
}

/** The part of promptfoo's call context the provider reads: the test's vars. */
interface CallContext {
  vars?: Record<string, unknown>;
}

/**
 * The SegOps copilot as a promptfoo provider: runs the golden case named by `vars.caseId` (earlier turns
 * included) through the real agent, in process, on the machine of `config.machine`, and answers its text.
 * The trace (tool calls, components, steps) goes in `metadata`, shown by `promptfoo view`.
 */
export default class CopilotProvider {
  readonly config: { machine: string };
  readonly #id: string;

  constructor(options: ProviderOptions = {}) {
    this.config = { machine: options.config?.machine ?? DEFAULT_MACHINE };
    this.#id = options.id ?? `segops-copilot:${this.config.machine}`;
  }

  id(): string {
    return this.#id;
  }

  async callApi(_prompt: string, context: CallContext = {}) {
    const caseId = context.vars?.caseId;
    if (typeof caseId !== 'string') return { error: 'each test needs vars.caseId naming a golden case' };
    try {
      const run = await runOf(caseId, this.config.machine);
      if (run.status !== 'done') return { error: `run ${run.status}: ${run.error?.code ?? ''} ${run.error?.message ?? ''}`.trim() };
      return {
        output: run.text,
        latencyMs: Math.round(run.latencyMs),
        tokenUsage: { prompt: run.usage.inputTokens, completion: run.usage.outputTokens, total: run.usage.inputTokens + run.usage.outputTokens },
        metadata: {
          machine: run.machine,
          model: run.model,
          steps: run.steps,
          earlierTurns: run.earlierTurns,
          toolCalls: run.toolCalls.map((c) => ({ name: c.name, input: c.input, isError: c.isError, durationMs: Math.round(c.durationMs) })),
          components: run.components,
        },
      };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }
}
