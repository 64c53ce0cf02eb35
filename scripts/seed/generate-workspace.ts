import { playEmails, listCampaigns } from './emails.ts';
import { EventLines } from './event-lines.ts';
import { Rng } from './prng.ts';
import { RecentEvents, type RecentEvent } from './recent-events.ts';
import { ActivityClock } from './seasonality.ts';
import { playSession } from './sessions.ts';
import { formatDate, formatTimestamp } from './timestamps.ts';
import { UserEvents } from './user-events.ts';
import { drawUserProfile, type UserProfile } from './user-profile.ts';

/** The days of history the generator fills, ending at the clock. */
export const WINDOW_DAYS = 90;
const SIGNUP_METHODS = ['email', 'email', 'email', 'google', 'google', 'apple'] as const;

/** What to generate. */
export interface GenerateOptions {
  workspaceId: string;
  seed: number;
  now: Date;
  users: number;
  events: number;
  /** Rows per JSONEachRow payload handed to the sink. */
  batchSize?: number;
  /** How many of the most recent events to keep for `ingest_log`. */
  recentLimit?: number;
}

/** Receives the generated rows as JSONEachRow payloads; the generator waits for one before sending the next. */
export interface GeneratedSink {
  events(payload: Buffer, rows: number): Promise<void>;
  traits(payload: Buffer, rows: number): Promise<void>;
}

/** Progress of a generation, reported after every batch. */
export interface GenerateProgress {
  events: number;
  eventsTotal: number;
}

/** What the generation produced beyond the rows themselves. */
export interface GeneratedSummary {
  users: number;
  events: number;
  /** Lifetime value of every user, in cents (for thresholds of the value segments). */
  lifetimeValueCents: Float64Array;
  recent: RecentEvent[];
  /** Time spent generating (CPU in JS), excluding waits for the sink. */
  generationMs: number;
}

/**
 * Generates the users, events and traits of a workspace, user by user, and streams them to `sink`
 * in batches while the previous batch is still being written. Same options ⇒ byte-identical payloads.
 */
export async function generateWorkspace(
  options: GenerateOptions,
  sink: GeneratedSink,
  onProgress?: (progress: GenerateProgress) => void,
): Promise<GeneratedSummary> {
  const started = performance.now();
  let waitedMs = 0;
  let pending: Promise<void> = Promise.resolve();
  const handOver = async (write: () => Promise<void>) => {
    const waitStart = performance.now();
    await pending;
    waitedMs += performance.now() - waitStart;
    pending = write();
  };

  const { workspaceId, seed, users: userCount, events: eventTotal } = options;
  const batchSize = options.batchSize ?? 200_000;
  const clock = new ActivityClock(options.now.getTime(), WINDOW_DAYS);
  const campaigns = listCampaigns(clock);
  const profiles = Array.from({ length: userCount }, (_, i) => drawUserProfile(new Rng(seed, i, 1), i, clock));
  const budgets = allocateBudgets(profiles, eventTotal);
  const lines = new EventLines(workspaceId);
  const recent = new RecentEvents(options.recentLimit ?? 500);
  const lifetimeValueCents = new Float64Array(userCount);
  const updatedAt = formatTimestamp(clock.end);
  let traitLines: string[] = [];
  let events = 0;

  for (let i = 0; i < userCount; i++) {
    const profile = profiles[i];
    const user = new UserEvents(profile, new Rng(seed, i, 2), budgets[i], clock.end, lines, recent);
    playUser(user, clock, campaigns);
    events += budgets[i] - user.remaining;
    lifetimeValueCents[i] = user.revenueCents;
    traitLines.push(traitsLine(workspaceId, profile, user, updatedAt));
    if (lines.rows >= batchSize) {
      const rows = lines.rows;
      const payload = lines.take();
      await handOver(() => sink.events(payload, rows));
      onProgress?.({ events, eventsTotal: eventTotal });
    }
    if (traitLines.length >= batchSize) {
      const payload = Buffer.from(traitLines.join(''));
      const rows = traitLines.length;
      traitLines = [];
      await handOver(() => sink.traits(payload, rows));
    }
  }
  if (lines.rows > 0) {
    const rows = lines.rows;
    const payload = lines.take();
    await handOver(() => sink.events(payload, rows));
  }
  if (traitLines.length > 0) {
    const payload = Buffer.from(traitLines.join(''));
    const rows = traitLines.length;
    await handOver(() => sink.traits(payload, rows));
  }
  const generationMs = performance.now() - started - waitedMs;
  await pending;
  onProgress?.({ events, eventsTotal: eventTotal });
  return { users: userCount, events, lifetimeValueCents, recent: recent.list(), generationMs };
}

function playUser(user: UserEvents, clock: ActivityClock, campaigns: ReturnType<typeof listCampaigns>): void {
  const { profile, rng } = user;
  if (profile.signedUpInWindow) {
    user.emit('Signed Up', profile.signupAt, `{"method":"${rng.pick(SIGNUP_METHODS)}","plan":"${profile.plan}"}`);
    playSession(user, profile.signupAt + rng.int(5_000, 60_000), profile.activeTo, {
      path: '/account/welcome',
      title: 'Welcome | Acme Outfitters',
      referrer: '',
    });
  }
  playEmails(user, campaigns, clock, 0.35);
  while (user.remaining > 0) {
    const before = user.remaining;
    playSession(user, clock.sample(rng, profile.activeFrom, profile.activeTo), profile.activeTo);
    if (user.remaining === before) break;
  }
}

/**
 * Splits `total` events across users in proportion to their weights (each gets a small base first),
 * with cumulative rounding so that the budgets add up to `total` exactly.
 */
export function allocateBudgets(profiles: readonly UserProfile[], total: number): Int32Array {
  const budgets = new Int32Array(profiles.length);
  if (profiles.length === 0) return budgets;
  const base = Math.min(3, Math.floor(total / profiles.length));
  const rest = total - base * profiles.length;
  const weightSum = profiles.reduce((sum, profile) => sum + profile.weight, 0);
  let cumulative = 0;
  let assigned = 0;
  profiles.forEach((profile, i) => {
    cumulative += profile.weight;
    const upTo = i === profiles.length - 1 ? rest : Math.round((cumulative / weightSum) * rest);
    budgets[i] = base + upTo - assigned;
    assigned = upTo;
  });
  return budgets;
}

function traitsLine(workspaceId: string, profile: UserProfile, user: UserEvents, updatedAt: string): string {
  const traits = JSON.stringify({
    email: profile.email,
    name: profile.name,
    country: profile.country,
    city: profile.city,
    plan: profile.plan,
    signup_date: formatDate(profile.signupAt),
    lifetime_value: user.revenueCents / 100,
    orders_count: user.orders,
    email_opt_in: profile.emailOptIn,
  });
  return `{"workspace_id":${JSON.stringify(workspaceId)},"user_id":"${profile.userId}","traits":${JSON.stringify(traits)},"updated_at":"${updatedAt}"}\n`;
}
