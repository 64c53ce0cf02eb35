import type { EventLines } from './event-lines.ts';
import type { Rng } from './prng.ts';
import type { RecentEvents } from './recent-events.ts';
import type { UserProfile } from './user-profile.ts';

/**
 * The event stream of one user: stamps each event with a message id and a received-at delay drawn
 * from the user's generator, writes it to the batch, and counts down the user's event budget.
 */
export class UserEvents {
  readonly profile: UserProfile;
  readonly rng: Rng;
  readonly #lines: EventLines;
  readonly #recent: RecentEvents;
  readonly #end: number;
  #remaining: number;
  /** Revenue of the user's completed orders, in cents, and their number. */
  revenueCents = 0;
  orders = 0;

  constructor(profile: UserProfile, rng: Rng, budget: number, end: number, lines: EventLines, recent: RecentEvents) {
    this.profile = profile;
    this.#end = end;
    this.rng = rng;
    this.#remaining = budget;
    this.#lines = lines;
    this.#recent = recent;
  }

  /** Events the user may still emit. */
  get remaining(): number {
    return this.#remaining;
  }

  /** Emits one event at `timestamp` (epoch ms) with `properties` as JSON text; it is received a moment later, never after the clock. */
  emit(event: string, timestamp: number, properties: string): void {
    const messageId = this.rng.uuid();
    const receivedAt = Math.min(this.#end, timestamp + 15 + this.rng.int(0, 1500));
    const { userId, anonymousId } = this.profile;
    this.#lines.push(messageId, event, userId, anonymousId, timestamp, receivedAt, properties);
    if (this.#recent.wants(receivedAt)) {
      this.#recent.offer({ messageId, event, userId, anonymousId, timestamp, receivedAt, properties });
    }
    this.#remaining--;
  }
}
