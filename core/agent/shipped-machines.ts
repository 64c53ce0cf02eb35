import { agentMachine } from './machine.ts';
import { createMachineRegistry, defineAgentMachine } from './machine-registry.ts';
import { reflectMachine } from './reflect-machine.ts';

/** The ReAct machine: think, act, observe, render. */
export const reactDefinition = defineAgentMachine({
  name: 'react',
  description: 'ReAct: think, act (tools in parallel), observe, render.',
  machine: agentMachine,
});

/** ReAct with a review of the draft answer against the observations before it renders. */
export const reactReflectDefinition = defineAgentMachine({
  name: 'react-reflect',
  description: 'ReAct with reflect: checks the draft against the tool results (numbers, components) and revises it once before render.',
  machine: reflectMachine,
});

/** The machine a run uses when neither the request nor COPILOT_MACHINE names one. */
export const DEFAULT_MACHINE = 'react';

/** The machines shipped with the product, by name: what requests, COPILOT_MACHINE and `--machine` choose from. */
export const shippedMachines = createMachineRegistry([reactDefinition, reactReflectDefinition]);
