import { describe, expect, it } from 'vitest';
import { createMachine, fromPromise } from 'xstate';
import { scriptedModel } from '../models/scripted.ts';
import { agentContext, agentSetup } from './agent-setup.ts';
import { checkAgentMachine, MachineContractError } from './machine-contract.ts';
import { agentMachine } from './machine.ts';
import { createMachineRegistry, defineAgentMachine, UnknownMachineError } from './machine-registry.ts';
import { reflectMachine } from './reflect-machine.ts';
import { shippedMachines } from './shipped-machines.ts';
import { recordRun, testRegistry } from './testing.ts';

/** The ReAct machine's config with one part changed, built with the framework's setup. */
function reactWith(change: (config: Record<string, any>) => void) {
  const config: Record<string, any> = { ...agentMachine.config, context: agentContext, states: { ...agentMachine.config.states } };
  change(config);
  return agentSetup.createMachine(config as Parameters<typeof agentSetup.createMachine>[0]);
}

describe('the machine contract', () => {
  it('holds for both shipped machines', () => {
    expect(checkAgentMachine(agentMachine)).toEqual([]);
    expect(checkAgentMachine(reflectMachine)).toEqual([]);
    expect(shippedMachines.names()).toEqual(['react', 'react-reflect']);
  });

  it('refuses a machine without a cancelled state or CANCEL, naming both', () => {
    const machine = reactWith((config) => {
      delete config.on;
      const { cancelled: _, ...states } = config.states;
      config.states = states;
    });
    const problems = checkAgentMachine(machine);
    expect(problems).toContain("a final state 'cancelled' ({ type: 'final' })");
    expect(problems).toContain("state 'think': CANCEL → cancelled (put on: { CANCEL: '.cancelled' } at the root)");
    expect(() => defineAgentMachine({ name: 'broken', description: 'no cancel', machine })).toThrow(MachineContractError);
    expect(() => defineAgentMachine({ name: 'broken', description: 'no cancel', machine })).toThrow(/Machine 'broken' breaks the agent machine contract[\s\S]*- a final state 'cancelled'/);
  });

  it('refuses a step that emits no step events, a missing deadline and a nested state', () => {
    const machine = reactWith((config) => {
      delete config.after;
      config.states = { ...config.states, render: { initial: 'a', states: { a: {} } }, observe: { ...config.states.observe, entry: 'appendObservations' } };
    });
    expect(checkAgentMachine(machine)).toEqual(
      expect.arrayContaining([
        "state 'observe': entry starting with { type: 'startStep', params: { step: 'observe' } }",
        "state 'render' is compound: agent machines are flat, one named step per state",
        "a deadline at the root: after: { deadline: { target: '.failed', actions: { type: 'fail', params: ... } } }",
      ]),
    );
  });

  it('refuses a machine that does not call the model or run tools through the framework', () => {
    const machine = reactWith((config) => {
      config.states = {
        ...config.states,
        think: { ...config.states.think, invoke: undefined, always: 'render' },
        act: { ...config.states.act, entry: { type: 'startStep', params: { step: 'act' } } },
      };
    });
    expect(checkAgentMachine(machine)).toEqual([
      "a state that invokes the framework's model: invoke: { id: 'callModel', src: 'callModel', ... }",
      "a state that runs the requested tools: entry 'startToolCalls' (spawns the framework's runTool actors)",
    ]);
  });

  it("refuses actors that are not the framework's", () => {
    const machine = agentMachine.provide({ actors: { callModel: fromPromise(async () => ({})) as never } });
    expect(checkAgentMachine(machine)).toEqual([
      "the framework's callModel actor under the name 'callModel' (setup({ actors: { callModel, runTool } }))",
      "actor 'callModel': make it with defineAgentActor(work) so that the runner can run and cancel it",
    ]);
  });

  it('refuses a plain XState machine and a non-machine', () => {
    const plain = createMachine({ id: 'plain', initial: 'idle', states: { idle: {} } });
    expect(checkAgentMachine(plain)).toEqual(expect.arrayContaining(["a final state 'done' ({ type: 'final' })", 'context: agentContext (the run session and its counters)']));
    expect(checkAgentMachine({ id: 'object' })).toEqual(['it is not an XState machine: build it with agentSetup.createMachine({...}) from core/agent']);
  });

  it('runAgent refuses a machine that breaks the contract before any event', async () => {
    const machine = reactWith((config) => void delete config.on);
    const run = recordRun({ model: scriptedModel([{ text: 'hi' }]), registry: testRegistry(), machine });
    await expect(run).rejects.toThrow(MachineContractError);
  });
});

describe('machine registry', () => {
  it('looks machines up by name and refuses unknown names and duplicates', () => {
    expect(shippedMachines.get('react-reflect').machine).toBe(reflectMachine);
    expect(() => shippedMachines.get('nope')).toThrow(UnknownMachineError);
    expect(() => shippedMachines.get('nope')).toThrow("Unknown machine 'nope'; choose one of react, react-reflect.");
    const react = shippedMachines.get('react');
    expect(() => createMachineRegistry([react, react])).toThrow("Machine 'react' is registered twice");
    expect(() => defineAgentMachine({ ...react, name: 'Re Act' })).toThrow(/kebab-case/);
  });
});
