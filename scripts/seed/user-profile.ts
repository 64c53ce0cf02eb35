import { ARCHETYPE_TABLE, type Archetype } from './archetypes.ts';
import { COUNTRIES, FIRST_NAMES, LAST_NAMES } from './catalog.ts';
import type { Rng } from './prng.ts';
import type { ActivityClock } from './seasonality.ts';

const DAY_MS = 86_400_000;
const PLANS = ['free', 'plus', 'pro'] as const;

/** Who a generated user is and when they are active; their events and lifetime value come later. */
export interface UserProfile {
  userId: string;
  anonymousId: string;
  archetype: Archetype;
  name: string;
  email: string;
  country: string;
  city: string;
  plan: (typeof PLANS)[number];
  emailOptIn: boolean;
  /** Sign-up instant (epoch ms); inside the window when `signedUpInWindow`. */
  signupAt: number;
  signedUpInWindow: boolean;
  /** The span (epoch ms) in which the user's sessions fall. */
  activeFrom: number;
  activeTo: number;
  /** The user's share of the event budget (before normalisation). */
  weight: number;
}

/**
 * Draws user number `index`: archetype, identity traits, sign-up and active span. New users signed up
 * in the last 14 days; churned users stopped 31 to 70 days ago; cart abandoners were active recently.
 */
export function drawUserProfile(rng: Rng, index: number, clock: ActivityClock): UserProfile {
  const archetype = ARCHETYPE_TABLE.draw(rng);
  const country = COUNTRIES.draw(rng);
  const first = rng.pick(FIRST_NAMES);
  const last = rng.pick(LAST_NAMES);
  const userId = `user_${String(index + 1).padStart(6, '0')}`;
  const email = `${asciiSlug(first)}.${asciiSlug(last)}${index + 1}@example.com`;
  const plan = PLANS[drawIndex(rng, archetype.plans)];
  const { now, from, to, signupAt, inWindow } = activeSpan(rng, archetype, clock);
  const activeDays = Math.max(0.5, (to - from) / DAY_MS);
  return {
    userId,
    anonymousId: rng.uuid(),
    archetype,
    name: `${first} ${last}`,
    email,
    country: country.code,
    city: rng.pick(country.cities),
    plan,
    emailOptIn: rng.chance(archetype.emailOptIn),
    signupAt,
    signedUpInWindow: inWindow,
    activeFrom: from,
    activeTo: Math.min(to, now),
    weight: archetype.activity * activeDays * rng.logNormal(0.6),
  };
}

function activeSpan(rng: Rng, archetype: Archetype, clock: ActivityClock) {
  const now = clock.end;
  const start = clock.start;
  if (archetype.name === 'new') {
    const signupAt = clock.sample(rng, now - 14 * DAY_MS, now - 3_600_000);
    return { now, from: signupAt, to: now, signupAt, inWindow: true };
  }
  const churnAt = archetype.name === 'churned' ? now - rng.int(31, 70) * DAY_MS - rng.int(0, DAY_MS) : now;
  const latestSignup = Math.min(now - 15 * DAY_MS, churnAt - 10 * DAY_MS);
  const inWindow = rng.chance(0.3);
  const signupAt = inWindow
    ? clock.sample(rng, start, latestSignup)
    : start - rng.int(1, 720) * DAY_MS - rng.int(0, DAY_MS);
  const from = archetype.name === 'cart_abandoner' ? Math.max(signupAt, now - 21 * DAY_MS) : Math.max(signupAt, start);
  return { now, from, to: churnAt, signupAt, inWindow };
}

function drawIndex(rng: Rng, weights: readonly number[]): number {
  let target = rng.float() * weights.reduce((sum, weight) => sum + weight, 0);
  for (let i = 0; i < weights.length - 1; i++) {
    target -= weights[i];
    if (target < 0) return i;
  }
  return weights.length - 1;
}

function asciiSlug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^a-zA-Z]/g, '')
    .toLowerCase();
}
