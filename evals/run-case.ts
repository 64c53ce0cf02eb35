import pino from 'pino';
import { runAgent, type AgentMachine } from '../core/agent/index.ts';
import { claudeModel, type Model, type TranscriptMessage, type Usage } from '../core/models/index.ts';
import { plannerModel } from '../core/models/planner/index.ts';
import type { UiComponent } from '../core/registry/index.ts';
import { copilotSystemPrompt, createCopilotRegistry } from '../tools/index.ts';
import type { GoldenCase } from './golden-schema.ts';
import type { EvalWorkspace } from './workspace.ts';

/** A tool call of a judged run, with what the tool returned (JSON text, or the error the model read). */
export interface TracedToolCall {
  id: string;
  name: string;
  input: unknown;
  isError: boolean;
  output: string;
  durationMs: number;
}

/** An earlier turn of a follow-up case, as the agent answered it. */
export interface EarlierTurn {
  question: string;
  answer: string;
}

/** Everything the judges see of one case's run: the trace, the components and the answer. */
export interface CaseRun {
  caseId: string;
  machine: string;
  model: string;
  question: string;
  earlierTurns: EarlierTurn[];
  status: 'done' | 'failed' | 'cancelled';
  text: string;
  components: UiComponent[];
  toolCalls: TracedToolCall[];
  steps: number;
  latencyMs: number;
  usage: Usage;
  error?: { code: string; message: string };
}

/** What a case runs with: the seeded workspace, a model and a machine. */
export interface CaseRunner {
  workspace: Pick<EvalWorkspace, 'stores' | 'workspaceId' | 'workspaceName' | 'now'>;
  model: Model;
  machine: { name: string; machine: AgentMachine };
}

/** The agent's model for evals: Claude when ANTHROPIC_API_KEY is set, else the offline planner on the eval clock. */
export function chooseEvalModel(now: Date, env: NodeJS.ProcessEnv = process.env): Model {
  if (env.ANTHROPIC_API_KEY) {
    return claudeModel({ apiKey: env.ANTHROPIC_API_KEY, baseURL: env.ANTHROPIC_BASE_URL || undefined, model: env.COPILOT_MODEL || undefined });
  }
  return plannerModel({ now: () => now });
}

const registry = createCopilotRegistry();
const logger = pino({ level: 'silent' });

/**
 * Runs one golden case through the real agent in process: the earlier turns first (their transcript becomes
 * the history), then the question, whose run is the one judged.
 */
export async function runCase(golden: GoldenCase, runner: CaseRunner): Promise<CaseRun> {
  const { workspace, model, machine } = runner;
  const now = workspace.now;
  const system = copilotSystemPrompt({ name: workspace.workspaceName, today: now.toISOString().slice(0, 10) });
  const toolContext = { workspaceId: workspace.workspaceId, stores: workspace.stores, clock: () => now, logger };
  const history: TranscriptMessage[] = [];
  const earlierTurns: EarlierTurn[] = [];
  const ask = (userMessage: string, turn: number) =>
    runAgent({
      model,
      registry,
      toolContext,
      system,
      history: [...history],
      userMessage,
      runId: `eval_${golden.id}_${machine.name}_${turn}`,
      threadId: `eval_${golden.id}_${machine.name}`,
      machine: machine.machine,
      onEvent: () => {},
    });
  for (const [turn, question] of golden.turns.entries()) {
    const earlier = await ask(question, turn);
    history.push(...earlier.newMessages);
    earlierTurns.push({ question, answer: earlier.text });
  }
  const started = performance.now();
  const result = await ask(golden.question, golden.turns.length);
  const latencyMs = performance.now() - started;
  const outputs = toolOutputs(result.newMessages);
  return {
    caseId: golden.id,
    machine: machine.name,
    model: model.name,
    question: golden.question,
    earlierTurns,
    status: result.status,
    text: result.text,
    components: result.components,
    toolCalls: result.toolCalls.map((call) => ({ ...call, output: outputs.get(call.id) ?? '' })),
    steps: result.steps,
    latencyMs,
    usage: result.usage,
    ...(result.error ? { error: result.error } : {}),
  };
}

function toolOutputs(messages: TranscriptMessage[]): Map<string, string> {
  const outputs = new Map<string, string>();
  for (const message of messages) {
    for (const block of message.content) if (block.type === 'tool_result') outputs.set(block.tool_use_id, block.content);
  }
  return outputs;
}
