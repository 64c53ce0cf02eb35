/**
 * Per-ReAct-step overhead of the agent framework: a scripted model with no delay and a no-op tool, N steps
 * per run, many runs; the median ns/step of repeated batches for (1) our XState machine via runAgent (the
 * ReAct machine, and the react-reflect machine, whose review runs once per run), (2) a plain `await` loop doing
 * the same model and registry work, (3) the same loop as a LangGraph StateGraph.
 * Usage: node scripts/bench/agent-step.ts [stepsPerRun=10] [runsPerBatch=200] [batches=15]
 */
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import pino from 'pino';
import { z } from 'zod';
import type { AgentMachine } from '../../core/agent/machine-contract.ts';
import { agentMachine } from '../../core/agent/machine.ts';
import { reflectMachine } from '../../core/agent/reflect-machine.ts';
import { runAgent } from '../../core/agent/run-agent.ts';
import type { RunToolContext } from '../../core/agent/run-session.ts';
import type { ContentBlock, Model, ToolUseBlock, TranscriptMessage } from '../../core/models/model.ts';
import { scriptedModel } from '../../core/models/scripted.ts';
import { createRegistry, defineTool } from '../../core/registry/index.ts';
import type { Stores } from '../../core/stores/index.ts';

const [stepsPerRun, runsPerBatch, batches] = [10, 200, 15].map((fallback, i) => Number(process.argv[2 + i] ?? fallback));

const registry = createRegistry([
  defineTool({ name: 'noop', description: 'Does nothing.', source: 'none', input: z.object({ i: z.number() }), run: async () => null }),
]);
const model: Model = scriptedModel((_request, turn) =>
  turn < stepsPerRun ? { toolCalls: [{ name: 'noop', input: { i: turn } }] } : { text: 'done' },
);
const toolContext: RunToolContext = { workspaceId: 'ws_bench', stores: {} as Stores, clock: () => new Date(0), logger: pino({ level: 'silent' }) };
const system = 'bench';
const question = (): TranscriptMessage => ({ role: 'user', content: [{ type: 'text', text: 'go' }] });

interface Turn {
  content: ContentBlock[];
  toolUses: ToolUseBlock[];
}

async function modelTurn(messages: TranscriptMessage[], signal: AbortSignal): Promise<Turn> {
  const content: ContentBlock[] = [];
  const toolUses: ToolUseBlock[] = [];
  for await (const event of model.stream({ system, messages, tools: registry.specs() }, signal)) {
    if (event.type === 'text-delta') content.push({ type: 'text', text: event.text });
    if (event.type === 'tool-call-end') {
      const use: ToolUseBlock = { type: 'tool_use', id: event.id, name: 'noop', input: event.input };
      toolUses.push(use);
      content.push(use);
    }
  }
  return { content, toolUses };
}

async function toolTurn(uses: ToolUseBlock[], signal: AbortSignal): Promise<TranscriptMessage> {
  const results = await Promise.all(uses.map((use) => registry.call(use.name, use.input, { ...toolContext, signal }, { timeoutMs: 15_000 })));
  return {
    role: 'user',
    content: results.map((result, i) => ({ type: 'tool_result', tool_use_id: uses[i].id, content: JSON.stringify(result.content) })),
  };
}

let runCounter = 0;
async function ours(machine: AgentMachine = agentMachine): Promise<void> {
  const result = await runAgent({
    machine,
    model,
    registry,
    toolContext,
    system,
    history: [],
    userMessage: 'go',
    runId: `run_${++runCounter}`,
    threadId: 'thread_bench',
    limits: { maxSteps: stepsPerRun + 1 },
    onEvent: () => {},
  });
  if (result.status !== 'done' || result.steps !== stepsPerRun + 1) throw new Error(`bench run ended ${result.status} after ${result.steps} steps`);
}

async function plainLoop(): Promise<void> {
  const signal = new AbortController().signal;
  const messages = [question()];
  for (let step = 0; step <= stepsPerRun; step++) {
    const turn = await modelTurn(messages, signal);
    messages.push({ role: 'assistant', content: turn.content });
    if (turn.toolUses.length === 0) return;
    messages.push(await toolTurn(turn.toolUses, signal));
  }
  throw new Error('plain loop did not finish');
}

const GraphState = Annotation.Root({
  messages: Annotation<TranscriptMessage[]>({ reducer: (left, right) => left.concat(right), default: () => [] }),
  pending: Annotation<ToolUseBlock[]>(),
});
const signalForGraph = new AbortController().signal;
const graph = new StateGraph(GraphState)
  .addNode('model', async (state) => {
    const turn = await modelTurn(state.messages, signalForGraph);
    return { messages: [{ role: 'assistant' as const, content: turn.content }], pending: turn.toolUses };
  })
  .addNode('tools', async (state) => ({ messages: [await toolTurn(state.pending, signalForGraph)], pending: [] }))
  .addEdge(START, 'model')
  .addConditionalEdges('model', (state) => (state.pending.length > 0 ? 'tools' : END))
  .addEdge('tools', 'model')
  .compile();

async function langGraph(): Promise<void> {
  const state = await graph.invoke({ messages: [question()], pending: [] }, { recursionLimit: 4 * stepsPerRun + 10 });
  if (state.messages.length !== 2 * stepsPerRun + 2) throw new Error(`LangGraph run ended with ${state.messages.length} messages`);
}

/** Times batches of runs, interleaving the variants (in rotating order) so that load on the machine hits all alike. */
async function measure(variants: Record<string, () => Promise<void>>): Promise<Record<string, { medianNsPerStep: number; minNsPerStep: number }>> {
  const names = Object.keys(variants);
  const samples = new Map(names.map((name) => [name, [] as number[]]));
  for (const name of names) for (let i = 0; i < runsPerBatch; i++) await variants[name]();
  for (let batch = 0; batch < batches; batch++) {
    for (let offset = 0; offset < names.length; offset++) {
      const name = names[(batch + offset) % names.length];
      const started = process.hrtime.bigint();
      for (let i = 0; i < runsPerBatch; i++) await variants[name]();
      samples.get(name)!.push(Number(process.hrtime.bigint() - started) / (runsPerBatch * (stepsPerRun + 1)));
    }
  }
  return Object.fromEntries(
    names.map((name) => {
      const sorted = samples.get(name)!.sort((a, b) => a - b);
      return [name, { medianNsPerStep: Math.round(sorted[Math.floor(sorted.length / 2)]), minNsPerStep: Math.round(sorted[0]) }];
    }),
  );
}

const results = await measure({ plainLoop, xstateMachine: () => ours(), reflectMachine: () => ours(reflectMachine), langGraph });
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));
const summary = {
  node: process.version,
  stepsPerRun: stepsPerRun + 1,
  runsPerBatch,
  batches,
  nsPerStep: results,
  ratios: {
    machineOverPlainLoop: ratio(results.xstateMachine.medianNsPerStep, results.plainLoop.medianNsPerStep),
    machineOverLangGraph: ratio(results.xstateMachine.medianNsPerStep, results.langGraph.medianNsPerStep),
    machineOverheadOverLangGraphOverhead: ratio(
      results.xstateMachine.medianNsPerStep - results.plainLoop.medianNsPerStep,
      results.langGraph.medianNsPerStep - results.plainLoop.medianNsPerStep,
    ),
    reflectMachineOverheadOverLangGraphOverhead: ratio(
      results.reflectMachine.medianNsPerStep - results.plainLoop.medianNsPerStep,
      results.langGraph.medianNsPerStep - results.plainLoop.medianNsPerStep,
    ),
  },
};
console.log(JSON.stringify(summary, null, 2));
console.table(
  Object.fromEntries(
    Object.entries(results).map(([name, r]) => [
      name,
      { 'median ns/step': r.medianNsPerStep, 'min ns/step': r.minNsPerStep, 'µs/step': (r.medianNsPerStep / 1000).toFixed(1), 'x plain loop': ratio(r.medianNsPerStep, results.plainLoop.medianNsPerStep) },
    ]),
  ),
);
