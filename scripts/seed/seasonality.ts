import type { Rng } from './prng.ts';

const HOUR_MS = 3_600_000;

/** Relative traffic per UTC hour: quiet at night (Europe and the Americas both asleep), peaks in the evening. */
export const HOUR_OF_DAY_WEIGHTS = [
  0.62, 0.5, 0.38, 0.28, 0.22, 0.22, 0.27, 0.38, 0.55, 0.72, 0.84, 0.92,
  0.98, 1.05, 1.12, 1.2, 1.28, 1.36, 1.45, 1.52, 1.5, 1.36, 1.1, 0.82,
] as const;

/** Relative traffic per UTC weekday (Sunday first): shoppers browse more at the weekend. */
export const DAY_OF_WEEK_WEIGHTS = [1.32, 0.9, 0.88, 0.92, 0.95, 1.0, 1.28] as const;

/**
 * The traffic curve of the 90-day window, one weight per hour (hour of day × weekday × a gentle
 * growth trend). `sample` draws a moment between two instants with that density, so sessions
 * fall at night less often and at weekends more often.
 */
export class ActivityClock {
  readonly start: number;
  readonly end: number;
  readonly #cumulative: Float64Array;

  constructor(end: number, days: number) {
    this.end = end;
    this.start = end - days * 24 * HOUR_MS;
    const slots = days * 24;
    this.#cumulative = new Float64Array(slots + 1);
    for (let slot = 0; slot < slots; slot++) {
      const at = new Date(this.start + slot * HOUR_MS);
      const trend = 0.9 + (0.2 * slot) / slots;
      const weight = HOUR_OF_DAY_WEIGHTS[at.getUTCHours()] * DAY_OF_WEEK_WEIGHTS[at.getUTCDay()] * trend;
      this.#cumulative[slot + 1] = this.#cumulative[slot] + weight;
    }
  }

  /** Draws an instant (epoch ms) in [from, to], clamped to the window, following the traffic curve. */
  sample(rng: Rng, from: number, to: number): number {
    const lo = this.#massAt(Math.max(from, this.start));
    const hi = this.#massAt(Math.min(to, this.end));
    return this.#instantAt(lo + rng.float() * (hi - lo));
  }

  #massAt(instant: number): number {
    const position = (instant - this.start) / HOUR_MS;
    const slot = Math.min(Math.floor(position), this.#cumulative.length - 2);
    const weight = this.#cumulative[slot + 1] - this.#cumulative[slot];
    return this.#cumulative[slot] + weight * (position - slot);
  }

  #instantAt(mass: number): number {
    const cumulative = this.#cumulative;
    let lo = 0;
    let hi = cumulative.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (cumulative[mid] <= mass) lo = mid;
      else hi = mid - 1;
    }
    const weight = cumulative[lo + 1] - cumulative[lo];
    const fraction = weight > 0 ? Math.min(1, (mass - cumulative[lo]) / weight) : 0;
    return Math.min(this.end, Math.floor(this.start + (lo + fraction) * HOUR_MS));
  }
}
