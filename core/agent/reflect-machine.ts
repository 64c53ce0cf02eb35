import { assign } from 'xstate';
import type { AgentContext } from './agent-setup.ts';
import { agentContext, agentSetup } from './agent-setup.ts';
import { reviewDraft, revisionNote } from './draft-review.ts';

/** How many times a draft may go back to the model: once, so a run cannot loop between think and reflect. */
export const MAX_REVISIONS = 1;

function review({ session }: AgentContext): string[] {
  return reviewDraft({ draft: session.text, transcript: session.transcript, system: session.system, components: session.components });
}

const reflectSetup = agentSetup.extend({
  guards: {
    draftNeedsRevision: ({ context }) =>
      context.revisions < MAX_REVISIONS && context.steps < context.session.limits.maxSteps && review(context).length > 0,
  },
  actions: {
    addRevisionNote: ({ context }) => {
      const message = { role: 'user' as const, content: [{ type: 'text' as const, text: revisionNote(review(context)) }] };
      context.session.transcript.push(message);
      context.session.newMessages.push(message);
    },
    countRevision: assign({ revisions: ({ context }) => context.revisions + 1 }),
  },
});

/**
 * ReAct with a review ('react-reflect'): when the model answers, `reflect` checks the draft against the
 * observations (numbers no tool returned, a chart or table that was never shown). A draft that fails goes back
 * to `think` once, with a note in the transcript that names the problems; a grounded draft, or a second one,
 * goes on to `render`. Otherwise the same steps, limits and events as the ReAct machine.
 */
export const reflectMachine = reflectSetup.createMachine({
  id: 'react-reflect',
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
          { target: 'reflect', actions: { type: 'recordTurn', params: ({ event }) => ({ turn: event.output }) } },
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
    reflect: {
      entry: { type: 'startStep', params: { step: 'reflect' } },
      exit: { type: 'finishStep', params: { step: 'reflect' } },
      always: [{ guard: 'draftNeedsRevision', target: 'think', actions: ['addRevisionNote', 'countRevision'] }, { target: 'render' }],
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
