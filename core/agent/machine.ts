import { agentContext, agentSetup } from './agent-setup.ts';

/**
 * The ReAct machine ('react'): `think` asks the model for the next step, `act` runs the requested tool calls in
 * parallel, `observe` appends the results and decides to think again, `render` emits the UI components. A model
 * failure, the step limit and the deadline end in `failed`; CANCEL (the run's AbortSignal) ends in `cancelled`,
 * which stops the model call and every running tool at once.
 */
export const agentMachine = agentSetup.createMachine({
  id: 'copilot',
  context: agentContext,
  initial: 'think',
  on: { CANCEL: { target: '.cancelled' } },
  after: {
    deadline: {
      target: '.failed',
      actions: {
        type: 'fail',
        params: ({ context }) => ({ code: 'DEADLINE_EXCEEDED', message: `The run took longer than ${context.session.limits.deadlineMs} ms.` }),
      },
    },
  },
  states: {
    think: {
      entry: { type: 'startStep', params: { step: 'think' } },
      exit: { type: 'finishStep', params: { step: 'think' } },
      invoke: {
        id: 'callModel',
        src: 'callModel',
        input: ({ context }) => ({ session: context.session, step: context.steps }),
        onDone: [
          {
            guard: { type: 'wantsTools', params: ({ event }) => ({ turn: event.output }) },
            target: 'act',
            actions: { type: 'recordTurn', params: ({ event }) => ({ turn: event.output }) },
          },
          { target: 'render', actions: { type: 'recordTurn', params: ({ event }) => ({ turn: event.output }) } },
        ],
        onError: { target: 'failed', actions: { type: 'failModel', params: ({ event }) => ({ error: event.error }) } },
      },
    },
    act: {
      entry: [{ type: 'startStep', params: { step: 'act' } }, 'startToolCalls'],
      exit: { type: 'finishStep', params: { step: 'act' } },
      on: {
        'xstate.done.actor.*': { actions: 'recordToolResult' },
      },
      always: { guard: 'toolCallsSettled', target: 'observe' },
    },
    observe: {
      entry: [{ type: 'startStep', params: { step: 'observe' } }, 'appendObservations'],
      exit: { type: 'finishStep', params: { step: 'observe' } },
      always: [
        {
          guard: 'stepLimitReached',
          target: 'failed',
          actions: {
            type: 'fail',
            params: ({ context }) => ({ code: 'MAX_STEPS', message: `The run used its ${context.session.limits.maxSteps} steps without an answer.` }),
          },
        },
        { target: 'think' },
      ],
    },
    render: {
      entry: [{ type: 'startStep', params: { step: 'render' } }, 'renderComponents'],
      exit: { type: 'finishStep', params: { step: 'render' } },
      always: { target: 'done' },
    },
    done: { type: 'final', entry: { type: 'reachEnd', params: { state: 'done' } } },
    failed: { type: 'final', entry: { type: 'reachEnd', params: { state: 'failed' } } },
    cancelled: { type: 'final', entry: { type: 'reachEnd', params: { state: 'cancelled' } } },
  },
});
