import { CONCEPT_QUESTION } from './intents.ts';
import {
  conceptAnswer,
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
import { sameWord } from './text.ts';
import { readActivations, readSchemas, totalOf, type ActivationRow } from './tool-outputs.ts';
import { errorText } from './transcript.ts';

function describeActivation(a: ActivationRow): string {
  return `${a.name}${a.segment_name ? ` (${a.segment_name} → ${a.destination_type})` : ` (${a.destination_type})`}`;
}

/** Destinations users name in lower case ("is the braze sync working"). */
const DESTINATION_WORDS = /\b(braze|facebook|meta|google|hubspot|salesforce|mailchimp|klaviyo|iterable|webhooks?|s3|bigquery|snowflake|intercom|customer\.?io|linkedin|tiktok|snapchat|pinterest|marketo|zendesk)\b/g;
const NOT_A_NAME = new Set(['is', 'are', 'the', 'what', 'which', 'why', 'how', 'show', 'list', 'any', 'our', 'my', 'all', 'i', 'do', 'does', 'did', 'can', 'has', 'have', 'connector', 'connectors', 'sync', 'syncs', 'activation', 'activations', 'destination', 'destinations', 'integration', 'integrations', 'ok']);

/** The words of a question that may name one connector: capitalised words and known destinations. */
function connectorWords(question: string): string[] {
  const capitalised = (question.match(/\b[A-Z][A-Za-z0-9]+\b/g) ?? []).map((w) => w.toLowerCase());
  const destinations = [...question.toLowerCase().matchAll(DESTINATION_WORDS)].map((m) => m[1]);
  return [...new Set([...capitalised, ...destinations])].filter((w) => !NOT_A_NAME.has(w));
}

/** The connectors a question names (by name, destination or synced segment), or none. */
function namedConnectors(question: string, activations: ActivationRow[]): ActivationRow[] {
  const words = connectorWords(question);
  if (words.length === 0) return [];
  const named = activations.filter((a) => {
    const own = `${a.name} ${a.destination_type.replace(/_/g, ' ')} ${a.segment_name ?? ''}`.toLowerCase().split(/[^a-z0-9]+/);
    return words.some((w) => own.some((o) => o.length > 1 && sameWord(o, w.replace(/s$/, ''))));
  });
  return named.length < activations.length ? named : [];
}

/** Where a failing connector is fixed, read from its last error: credentials, terms, permissions, or its settings. */
function fixFor(a: ActivationRow): string {
  const error = (a.last_error ?? '').toLowerCase();
  const where = a.destination_type.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  if (/api key|invalid key/.test(error)) return `renew the ${where} API key`;
  if (/token|oauth|expired|unauthori[sz]ed|\b401\b|credential|revoked/.test(error)) return `reconnect the ${where} account (new credentials)`;
  if (/terms of service|terms|consent/.test(error)) return `accept the pending terms in the ${where} account`;
  if (/forbidden|\b403\b|permission|access denied/.test(error)) return `grant the ${where} account the permissions it needs`;
  if (/rate limit|\b429\b|timeout|timed out|unavailable|\b5\d\d\b/.test(error)) return `wait a little, as it looks temporary on the ${where} side`;
  if (/not found|\b404\b|does not exist|deleted/.test(error)) return 'check its destination id';
  return 'check its settings';
}

/** One failing connector and what to do: its name, its last error (data, quoted) and where to fix it. */
function failingWithFix(a: ActivationRow): string {
  return `${a.name}${a.last_error ? ` ("${a.last_error}")` : ''}: ${fixFor(a)}`;
}

/** One connector's state in a sentence. */
function stateOf(a: ActivationRow): string {
  const target = a.segment_name ? `${a.segment_name} → ${a.destination_type}` : a.destination_type;
  if (a.status === 'error') return `${a.name} (${target}) is failing${a.last_error ? `: "${a.last_error}"` : ''}. To fix it, ${fixFor(a)}, then open the Activations page to retry the sync.`;
  if (a.status === 'paused') return `${a.name} (${target}) is paused; resume it on the Activations page when you want it to sync again.`;
  if (a.status === 'active') {
    const synced = a.last_synced_at ? `; it last synced at ${a.last_synced_at}` : '';
    const next = a.segment_name ? ` Want the membership trend of ${a.segment_name}, the segment it syncs?` : '';
    return `${a.name} (${target}) is active${synced}${a.last_error ? ` and its last error was "${a.last_error}"` : ' with no errors'}.${next}`;
  }
  return `${a.name} (${target}) is ${a.status}.`;
}

/** Connectors (activations): which are active, paused or failing, why, and where to fix them. */
export function planActivations(ctx: PlanContext): Action {
  const question = ctx.conversation.question;
  const naming = connectorWords(question).length > 0;
  const input = { status: naming ? 'all' : ctx.analysis.activationStatus };
  const result = observed(ctx, 'list_activations', input);
  if (!result) return callTools({ name: 'list_activations', input });
  if (result.isError) return answer(toolFailedAnswer('the connectors', errorText(result)));
  const { activations, counts } = readActivations(result.output);
  const named = naming ? namedConnectors(question, activations) : [];
  if (named.length > 0) {
    return answer(named.slice(0, 3).map(stateOf).join(' '));
  }
  const status = naming ? ctx.analysis.activationStatus : input.status;
  const shown = activations.filter((a) => status === 'all' || a.status === status);
  if (shown.length === 0) {
    return answer(status === 'all' ? 'There are no connectors set up yet.' : `No connectors are ${status === 'error' ? 'failing' : status} right now.`);
  }
  if (status === 'error') {
    const n = counts.error;
    const lead = n !== undefined ? `${plural(n, 'connector')} ${n === 1 ? 'is' : 'are'} failing` : 'These connectors are failing';
    const retry = shown.length === 1 ? 'Then open the Activations page to retry the sync.' : 'Then open the Activations page to retry them.';
    return answer(`${lead}. ${shown.map((a) => `${failingWithFix(a)}.`).join(' ')} ${retry}`);
  }
  if (status === 'paused') {
    const n = counts.paused;
    const lead = n !== undefined ? `${plural(n, 'connector')} ${n === 1 ? 'is' : 'are'} paused` : 'These connectors are paused';
    return answer(`${lead}: ${joinList(shown.map((a) => a.name))}. You can resume them on the Activations page.`);
  }
  const failing = shown.filter((a) => a.status === 'error');
  const active = shown.filter((a) => a.status === 'active');
  const parts: string[] = [];
  if (counts.active !== undefined) {
    const breakdown = [`${counts.active} active`, ...(counts.paused ? [`${counts.paused} paused`] : []), ...(counts.error ? [`${counts.error} failing`] : [])];
    parts.push(`Your connectors: ${joinList(breakdown)}.`);
  }
  if (active.length > 0) parts.push(`Active: ${joinList(active.map(describeActivation))}.`);
  else parts.push('None is active right now.');
  if (failing.length > 0) {
    parts.push(`${joinList(failing.map((a) => a.name))} ${failing.length === 1 ? 'is' : 'are'} failing; want to know why and how to fix ${failing.length === 1 ? 'it' : 'them'}?`);
  }
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

/** "What is a segment?": the concept explained in two sentences, with an offer to show the user's own. */
export function planConcept(ctx: PlanContext): Action {
  const word = CONCEPT_QUESTION.exec(ctx.analysis.text)?.[1] ?? 'segops';
  return answer(conceptAnswer(word));
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
