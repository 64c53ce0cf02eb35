import { createActor, type AnyStateMachine, type EventObject } from 'xstate';
import type { MachineOutcome, MachineRun } from './machine-runner.ts';

/**
 * Runs a machine with XState's own interpreter (`createActor`): the reference the lean runner of
 * machine-runner.ts is checked against (see runner-conformance.test.ts), and a fallback when a machine needs
 * what the lean runner refuses.
 */
export function startWithXState(machine: AnyStateMachine, input: unknown): MachineRun {
  const actor = createActor(machine, { input });
  const outcome = new Promise<MachineOutcome>((resolve) => {
    actor.subscribe({
      complete: () => {
        const snapshot = actor.getSnapshot();
        resolve({ state: String(snapshot.value), context: snapshot.context });
      },
      error: (crash) => resolve({ state: undefined, context: actor.getSnapshot().context, crash }),
    });
  });
  actor.start();
  return { send: (event: EventObject) => actor.send(event), outcome };
}
