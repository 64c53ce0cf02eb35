import { describe, expect, it } from 'vitest';
import type { RunEvent } from './events.ts';
import { shippedMachines } from './shipped-machines.ts';
import { scenariosFor } from './testing.ts';

/** What a run did, without timings and generated ids: the comparable part of its events. */
function behaviour(events: RunEvent[]): unknown[] {
  return events.map((event) => {
    switch (event.type) {
      case 'CUSTOM':
        return event.name === 'machine.transition'
          ? ['transition', event.value.from, event.value.to, event.value.event]
          : ['component', (event.value as { component: string }).component];
      case 'STEP_STARTED':
      case 'STEP_FINISHED':
        return [event.type, event.stepName];
      case 'TOOL_CALL_START':
        return [event.type, event.toolCallName];
      case 'TOOL_CALL_RESULT':
        return [event.type, event.content];
      case 'TEXT_MESSAGE_CONTENT':
        return [event.type, event.delta];
      case 'RUN_ERROR':
        return [event.type, event.code];
      case 'RUN_FINISHED':
        return [event.type, (event.result as { status?: string } | undefined)?.status];
      default:
        return [event.type];
    }
  });
}

/**
 * The lean runner must behave as XState's own interpreter does on every shipped machine and every scenario:
 * the same transitions, steps, tool calls, texts, components and ending.
 */
describe('the lean runner conforms to XState', () => {
  for (const name of shippedMachines.names()) {
    const machine = shippedMachines.get(name).machine;
    const lean = scenariosFor(machine, 'lean');
    const reference = scenariosFor(machine, 'xstate');
    for (const scenario of Object.keys(lean)) {
      it(`${name}: ${scenario}`, async () => {
        const [ours, theirs] = [await lean[scenario](), await reference[scenario]()];
        expect(behaviour(ours.events)).toEqual(behaviour(theirs.events));
        expect(ours.result.status).toBe(theirs.result.status);
      });
    }
  }
});
