import {
  formatNumber,
  helpAnswer,
  joinList,
  notUnderstoodAnswer,
  outOfScopeAnswer,
  outOfScopeTopic,
  plural,
  toolFailedAnswer,
  vagueAnswer,
  writeRequestAnswer,
} from './answer-writing.ts';
import { linkEvent } from './entity-linking.ts';
import { answer, callTools, observed, type Action, type PlanContext } from './plan.ts';
import { readActivations, readSchemas, totalOf, type ActivationRow } from './tool-outputs.ts';
import { errorText } from './transcript.ts';

function describeActivation(a: ActivationRow): string {
  return `${a.name}${a.segment_name ? ` (${a.segment_name} → ${a.destination_type})` : ` (${a.destination_type})`}`;
}

/** Connectors (activations): which are active, paused or failing, and their last errors. */
export function planActivations(ctx: PlanContext): Action {
  const input = { status: ctx.analysis.activationStatus };
  const result = observed(ctx, 'list_activations', input);
  if (!result) return callTools({ name: 'list_activations', input });
  if (result.isError) return answer(toolFailedAnswer('the connectors', errorText(result)));
  const { activations, counts } = readActivations(result.output);
  if (activations.length === 0) {
    return answer(input.status === 'all' ? 'There are no connectors set up yet.' : `No connectors are ${input.status === 'error' ? 'failing' : input.status} right now.`);
  }
  const withError = (a: ActivationRow) => `${a.name}${a.last_error ? ` ("${a.last_error}")` : ''}`;
  if (input.status !== 'all') {
    const n = counts[input.status];
    const lead = n !== undefined ? `${plural(n, 'connector')} ${n === 1 ? 'is' : 'are'}` : 'These connectors are';
    return answer(`${lead} ${input.status === 'error' ? 'failing' : 'paused'}: ${joinList(activations.map(withError))}.`);
  }
  const errors = activations.filter((a) => a.status === 'error').map(withError);
  const active = activations.filter((a) => a.status === 'active');
  const parts: string[] = [];
  if (counts.active !== undefined) {
    const breakdown = [`${counts.active} active`, ...(counts.paused ? [`${counts.paused} paused`] : []), ...(counts.error ? [`${counts.error} failing`] : [])];
    parts.push(`Your connectors: ${joinList(breakdown)}.`);
  }
  if (active.length > 0) parts.push(`Active: ${joinList(active.map(describeActivation))}.`);
  else parts.push('None is active right now.');
  if (errors.length > 0) parts.push(`With errors: ${joinList(errors)}.`);
  return answer(parts.join(' '));
}

/** Registered event schemas with their property counts, or the properties of one named event. */
export function planEventSchemas(ctx: PlanContext): Action {
  const result = observed(ctx, 'list_event_schemas');
  if (!result) return callTools({ name: 'list_event_schemas', input: {} });
  if (result.isError) return answer(toolFailedAnswer('the event schemas', errorText(result)));
  const schemas = readSchemas(result.output);
  if (schemas.length === 0) return answer('No event schemas are registered yet.');
  const link = /\bpropert/.test(ctx.analysis.text) ? linkEvent(ctx.analysis.entityText, schemas.map((s) => s.name)) : undefined;
  const one = link && schemas.find((s) => s.name === link.event);
  if (one) {
    const props = one.properties.length > 0 ? `: ${joinList(one.properties)}` : '';
    const count = `${formatNumber(one.property_count)} ${one.property_count === 1 ? 'property' : 'properties'}`;
    return answer(`${one.name} has ${count}${props}.`);
  }
  const total = totalOf(result.output);
  const shown = schemas.slice(0, 12).map((s) => `${s.name} (${s.property_count})`);
  const more = schemas.length > shown.length ? ' and more' : '';
  const lead = total !== undefined ? `You have ${plural(total, 'event schema')}` : 'Your event schemas';
  return answer(`${lead}, with their property counts: ${joinList(shown)}${more}. Ask me about any of them, e.g. its volume over time.`);
}

/** Greetings and "what can you do?". */
export function planHelp(): Action {
  return answer(helpAnswer());
}

/** One clarifying question with options for a vague question. */
export function planVague(): Action {
  return answer(vagueAnswer());
}

/** The honest answer to a question outside SegOps data. */
export function planOutOfScope(ctx: PlanContext): Action {
  return answer(outOfScopeAnswer(outOfScopeTopic(ctx.analysis.text)));
}

/** The answer to a request to change data, which the copilot never does. */
export function planWriteRequest(): Action {
  return answer(writeRequestAnswer());
}

/** The honest answer to a question the planner did not understand. */
export function planUnknown(): Action {
  return answer(notUnderstoodAnswer());
}
