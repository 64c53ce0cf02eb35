import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { SegOpsError } from '../errors.ts';

/** The message types of Segment's Tracking API. */
export const MESSAGE_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;

/** One message type. */
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** A tracking-plan finding on an accepted event (stored in `ingest_log.issues`). */
export interface TrackingIssue {
  code: 'unknown_event' | 'invalid_property';
  message: string;
  path?: string;
}

/** One validated message, in the shape the stores keep it. */
export interface IngestEvent {
  messageId: string;
  type: MessageType;
  /** The track event's name; `Page Viewed` / `Screen Viewed` for page and screen calls; '' otherwise. */
  event: string;
  userId: string;
  anonymousId: string;
  timestamp: Date;
  receivedAt: Date;
  /** Track properties; page name and category; identify traits; group id and traits; alias previous id. */
  properties: Record<string, unknown>;
  /** The traits an identify call sets (merged into `user_traits`). */
  traits?: Record<string, unknown>;
  issues: TrackingIssue[];
}

/** What surrounds the messages of one request. */
export interface MessageEnvelope {
  receivedAt: Date;
  /** The message type the endpoint implies (`/v1/track`); absent for batches, where each message says it. */
  type?: MessageType;
  /** The request's `sentAt`, used to correct the clock skew of `originalTimestamp`. */
  sentAt?: unknown;
}

/** A message normalized, or the reasons it cannot be. */
export type NormalizeResult = { ok: true; event: IngestEvent } | { ok: false; problems: string[] };

const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);

const id = z.union([z.string(), z.number()]).nullish();
const object = z.record(z.string(), z.unknown()).nullish();
const timestamp = z.string('must be an ISO-8601 date string').nullish();

const messageSchema = z.looseObject({
  type: z.enum(MESSAGE_TYPES, `must be one of ${MESSAGE_TYPES.join(', ')}`),
  messageId: z.string().min(1).max(256).nullish(),
  userId: id,
  anonymousId: id,
  event: z.string().nullish(),
  name: z.string().nullish(),
  category: z.string().nullish(),
  groupId: id,
  previousId: id,
  properties: object,
  traits: object,
  context: object,
  timestamp,
  originalTimestamp: timestamp,
});

type Message = z.infer<typeof messageSchema>;

const TYPES = new Set<unknown>(MESSAGE_TYPES);

/**
 * The message itself when it clearly passes `messageSchema` (the usual case), checked by hand: zod's
 * parse costs several times more. Anything unusual (a missing or wrong field, an object that is not
 * plain, a `__proto__` key, which zod strips) returns undefined and goes through zod, which gives the
 * same result for a valid message and the error messages for an invalid one. Records are not copied
 * (zod copies them); the values are the same.
 */
function clearlyValid(input: unknown): Message | undefined {
  if (!plainObject(input)) return undefined;
  const message = input as Record<string, unknown>;
  if (!TYPES.has(message.type)) return undefined;
  const messageId = message.messageId;
  if (messageId != null && (typeof messageId !== 'string' || messageId.length < 1 || messageId.length > 256)) return undefined;
  if (!idOrNothing(message.userId) || !idOrNothing(message.anonymousId)) return undefined;
  if (!idOrNothing(message.groupId) || !idOrNothing(message.previousId)) return undefined;
  if (!textOrNothing(message.event) || !textOrNothing(message.name) || !textOrNothing(message.category)) return undefined;
  if (!textOrNothing(message.timestamp) || !textOrNothing(message.originalTimestamp)) return undefined;
  if (!recordOrNothing(message.properties) || !recordOrNothing(message.traits) || !recordOrNothing(message.context)) return undefined;
  return message as Message;
}

function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.hasOwn(value, '__proto__')) return false;
  const constructor = (value as { constructor?: unknown }).constructor;
  return typeof constructor !== 'function' || constructor === Object;
}

function idOrNothing(value: unknown): boolean {
  return value == null || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

function textOrNothing(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function recordOrNothing(value: unknown): boolean {
  return value == null || plainObject(value);
}

/**
 * Validates one message of Segment's Tracking API and maps it to the stored shape. `zodOnly` skips the
 * hand-written fast path (tests check that both give the same results).
 */
export function normalizeMessage(raw: unknown, envelope: MessageEnvelope, options: { zodOnly?: boolean } = {}): NormalizeResult {
  const input = envelope.type && isObject(raw) ? { ...raw, type: envelope.type } : raw;
  let message = options.zodOnly ? undefined : clearlyValid(input);
  if (!message) {
    const parsed = messageSchema.safeParse(input);
    if (!parsed.success) {
      return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`) };
    }
    message = parsed.data;
  }
  const problems = requiredFields(message);
  const when = eventTime(message, envelope);
  if (typeof when === 'string') problems.push(when);
  if (problems.length > 0 || typeof when === 'string') return { ok: false, problems };
  return {
    ok: true,
    event: {
      messageId: message.messageId ?? randomUUID(),
      type: message.type,
      event: eventName(message),
      userId: text(message.userId),
      anonymousId: text(message.anonymousId),
      timestamp: when,
      receivedAt: envelope.receivedAt,
      properties: propertiesOf(message),
      traits: message.type === 'identify' ? (message.traits ?? {}) : undefined,
      issues: [],
    },
  };
}

/**
 * Normalizes every message of a request, or refuses the whole request (INVALID_EVENT) naming each
 * bad message by its index and messageId with what is wrong with it.
 */
export function normalizeBatch(messages: readonly unknown[], envelope: MessageEnvelope): IngestEvent[] {
  const events: IngestEvent[] = [];
  const invalid: Array<{ index: number; messageId?: string; problems: string[] }> = [];
  messages.forEach((raw, index) => {
    const result = normalizeMessage(raw, envelope);
    if (result.ok) events.push(result.event);
    else invalid.push({ index, messageId: messageIdOf(raw), problems: result.problems });
  });
  if (invalid.length === 0) return events;
  const [first] = invalid;
  const named = `batch[${first.index}]${first.messageId ? ` (messageId '${first.messageId}')` : ''}`;
  const more = invalid.length > 1 ? `; ${invalid.length - 1} more message(s) are invalid too, see details` : '';
  throw new SegOpsError('INVALID_EVENT', `${named}: ${first.problems.join('; ')}${more}; nothing was stored`, { invalid });
}

function messageIdOf(raw: unknown): string | undefined {
  return isObject(raw) && typeof raw.messageId === 'string' ? raw.messageId.slice(0, 256) : undefined;
}

function requiredFields(message: Message): string[] {
  const problems: string[] = [];
  if (text(message.userId) === '' && text(message.anonymousId) === '') problems.push('userId or anonymousId is required');
  if (message.type === 'track' && !message.event?.trim()) problems.push("event: a track call needs an 'event' name");
  if (message.type === 'group' && text(message.groupId) === '') problems.push('groupId: a group call needs a groupId');
  if (message.type === 'alias' && text(message.previousId) === '') problems.push('previousId: an alias call needs a previousId');
  return problems;
}

function eventTime(message: Message, envelope: MessageEnvelope): Date | string {
  if (message.timestamp) return parseTime('timestamp', message.timestamp);
  if (!message.originalTimestamp) return envelope.receivedAt;
  const original = parseTime('originalTimestamp', message.originalTimestamp);
  if (typeof original === 'string') return original;
  const sentAt = typeof envelope.sentAt === 'string' ? Date.parse(envelope.sentAt) : NaN;
  if (Number.isNaN(sentAt)) return original;
  const corrected = envelope.receivedAt.getTime() - (sentAt - original.getTime());
  return corrected >= EARLIEST && corrected < LATEST ? new Date(corrected) : original;
}

function parseTime(field: string, value: string): Date | string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return `${field}: '${value.slice(0, 40)}' is not a date (use ISO-8601, e.g. 2024-05-01T12:00:00Z)`;
  if (ms < EARLIEST || ms >= LATEST) return `${field}: '${value.slice(0, 40)}' is outside 1970-2099`;
  return new Date(ms);
}

function eventName(message: Message): string {
  if (message.type === 'track') return message.event!.trim();
  if (message.type === 'page') return 'Page Viewed';
  if (message.type === 'screen') return 'Screen Viewed';
  return '';
}

function propertiesOf(message: Message): Record<string, unknown> {
  const properties = message.properties ?? {};
  switch (message.type) {
    case 'page':
    case 'screen':
      return { ...properties, ...(message.name ? { name: message.name } : {}), ...(message.category ? { category: message.category } : {}) };
    case 'identify':
      return message.traits ?? {};
    case 'group':
      return { group_id: text(message.groupId), traits: message.traits ?? {} };
    case 'alias':
      return { previous_id: text(message.previousId) };
    default:
      return properties;
  }
}

function text(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value).trim();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
