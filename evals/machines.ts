import { agentMachine, type AgentMachine } from '../core/agent/index.ts';

/**
 * The agent machines an eval can run, by name (`--machine NAME`). Add a machine here and the runner runs it on
 * every case and prints it beside the others.
 */
export const EVAL_MACHINES: Record<string, AgentMachine> = {
  react: agentMachine,
};

/** The machine run when none is named. */
export const DEFAULT_MACHINE = 'react';

/** Looks up machines by name (each once, in the order given); an unknown name throws with the names that exist. */
export function pickMachines(names: string[]): Array<{ name: string; machine: AgentMachine }> {
  const wanted = names.length > 0 ? [...new Set(names)] : [DEFAULT_MACHINE];
  return wanted.map((name) => {
    const machine = EVAL_MACHINES[name];
    if (!machine) throw new Error(`unknown machine '${name}'; choose one of ${Object.keys(EVAL_MACHINES).join(', ')}`);
    return { name, machine };
  });
}
