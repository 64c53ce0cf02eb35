import { DEFAULT_MACHINE, shippedMachines, type AgentMachine } from '../core/agent/index.ts';

export { DEFAULT_MACHINE };

/**
 * Looks up the machines to grade by name (`--machine NAME`, each once, in the order given) among the machines
 * the product ships; an unknown name throws with the names that exist. Register a machine in core/agent's
 * shipped machines and the runner grades it beside the others.
 */
export function pickMachines(names: string[]): Array<{ name: string; machine: AgentMachine }> {
  const wanted = names.length > 0 ? [...new Set(names)] : [DEFAULT_MACHINE];
  return wanted.map((name) => ({ name, machine: shippedMachines.get(name).machine }));
}
