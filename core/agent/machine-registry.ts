import { machineGraph, type MachineGraph } from './graph.ts';
import { assertAgentMachine, type AgentMachine } from './machine-contract.ts';

/** A machine the product can run, under the name requests, configuration, stored runs and evals use. */
export interface AgentMachineDefinition {
  readonly name: string;
  /** One line for people choosing a machine (health, docs, eval reports). */
  readonly description: string;
  readonly machine: AgentMachine;
}

/** Machines by name, checked at load: each follows the contract, no name twice. */
export interface MachineRegistry {
  readonly definitions: readonly AgentMachineDefinition[];
  names(): string[];
  has(name: string): boolean;
  /** The machine of that name; an unknown name throws with the names that exist. */
  get(name: string): AgentMachineDefinition;
  /** The machine's graph for the inspector, from its own definition. */
  graph(name: string): MachineGraph;
}

const MACHINE_NAME = /^[a-z][a-z0-9-]{0,48}$/;

/**
 * Declares a machine: refuses one that breaks the agent machine contract (`MachineContractError` lists every
 * missing part) or whose name is not a short kebab-case word.
 */
export function defineAgentMachine(definition: AgentMachineDefinition): AgentMachineDefinition {
  if (!MACHINE_NAME.test(definition.name)) {
    throw new Error(`Machine name '${definition.name}' must be kebab-case letters, digits and '-' (e.g. 'react-reflect').`);
  }
  if (definition.description.trim() === '') throw new Error(`Machine '${definition.name}' has an empty description: say what it does differently.`);
  assertAgentMachine(definition.machine, definition.name);
  return Object.freeze({ ...definition });
}

/** An unknown machine name, with the names that exist. */
export class UnknownMachineError extends Error {
  readonly code = 'UNKNOWN_MACHINE';

  constructor(name: string, known: readonly string[]) {
    super(`Unknown machine '${name}'; choose one of ${known.join(', ')}.`);
    this.name = 'UnknownMachineError';
  }
}

/** Builds a registry from a plain list of definitions (each checked by `defineAgentMachine`). */
export function createMachineRegistry(definitions: readonly AgentMachineDefinition[]): MachineRegistry {
  const byName = new Map<string, AgentMachineDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) throw new Error(`Machine '${definition.name}' is registered twice: give each machine a unique name.`);
    byName.set(definition.name, defineAgentMachine(definition));
  }
  const names = [...byName.keys()];
  const get = (name: string) => {
    const definition = byName.get(name);
    if (definition === undefined) throw new UnknownMachineError(name, names);
    return definition;
  };
  return {
    definitions: [...byName.values()],
    names: () => [...names],
    has: (name) => byName.has(name),
    get,
    graph: (name) => machineGraph(get(name).machine),
  };
}
