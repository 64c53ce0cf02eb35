import { EUROPEAN_COUNTRIES } from './catalog.ts';

/** A segment to create, with its DSL definition (the shape of .tmp/dsl-spec.md). */
export interface SegmentSeed {
  key: string;
  name: string;
  description: string;
  status: 'active' | 'paused';
  definition: { match: 'all' | 'any'; conditions: unknown[] };
}

/** Lifetime-value thresholds in USD, read off the generated data so that the value segments stay selective. */
export interface ValueThresholds {
  /** About the top 10% of users. */
  highLtv: number;
  /** About the top quarter of buyers. */
  vip: number;
}

const days = (last: number) => ({ type: 'relative', last, unit: 'days' }) as const;
const ever = { type: 'ever' } as const;

function event(name: string, performed: boolean, window: object, count?: number, where?: object[]) {
  return {
    type: 'event',
    event: name,
    performed,
    ...(count === undefined ? {} : { count: { op: '>=', value: count } }),
    window,
    ...(where ? { where } : {}),
  };
}

/** The workspace's segments: value, lifecycle, engagement and behaviour audiences, one paused. */
export function segmentSeeds(thresholds: ValueThresholds): SegmentSeed[] {
  return [
    {
      key: 'high_ltv',
      name: 'High LTV',
      description: `Customers whose lifetime value is at least $${thresholds.highLtv} (about the top 10%).`,
      status: 'active',
      definition: { match: 'all', conditions: [{ type: 'trait', trait: 'lifetime_value', op: 'gte', value: thresholds.highLtv }] },
    },
    {
      key: 'vip_buyers',
      name: 'VIP Buyers',
      description: `Five or more orders and a lifetime value of at least $${thresholds.vip}.`,
      status: 'active',
      definition: {
        match: 'all',
        conditions: [
          event('Order Completed', true, ever, 5),
          { type: 'trait', trait: 'lifetime_value', op: 'gte', value: thresholds.vip },
        ],
      },
    },
    {
      key: 'churn_risk',
      name: 'Churn Risk',
      description: 'Ordered before, but no page view in the last 30 days.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Order Completed', true, ever, 1), event('Page Viewed', false, days(30))] },
    },
    {
      key: 'cart_abandoners',
      name: 'Cart Abandoners',
      description: 'Added a product to the cart in the last 7 days without completing an order.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Product Added', true, days(7), 1), event('Order Completed', false, days(7))] },
    },
    {
      key: 'new_users',
      name: 'New Users',
      description: 'Signed up in the last 14 days.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Signed Up', true, days(14), 1)] },
    },
    {
      key: 'email_engaged',
      name: 'Email Engaged',
      description: 'Opened at least three newsletters in the last 30 days.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Email Opened', true, days(30), 3)] },
    },
    {
      key: 'wishlist_lovers',
      name: 'Wishlist Lovers',
      description: 'Saved at least five products to the wishlist in the last 90 days.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Product Added to Wishlist', true, days(90), 5)] },
    },
    {
      key: 'pro_plan',
      name: 'Pro Plan',
      description: 'Members on the pro plan.',
      status: 'active',
      definition: { match: 'all', conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }] },
    },
    {
      key: 'window_shoppers',
      name: 'Window Shoppers',
      description: 'Viewed ten or more products in the last 30 days but never ordered.',
      status: 'active',
      definition: { match: 'all', conditions: [event('Product Viewed', true, days(30), 10), event('Order Completed', false, ever)] },
    },
    {
      key: 'eu_buyers',
      name: 'EU Buyers',
      description: 'Customers in Europe (any of GB, DE, FR, NL, ES, IT, SE) with at least one order.',
      status: 'active',
      definition: {
        match: 'all',
        conditions: [
          { type: 'group', match: 'any', conditions: EUROPEAN_COUNTRIES.map((code) => ({ type: 'trait', trait: 'country', op: 'eq', value: code })) },
          event('Order Completed', true, ever, 1),
        ],
      },
    },
    {
      key: 'coupon_hunters',
      name: 'Coupon Hunters',
      description: 'Two or more orders with a coupon in the last 90 days (paused while the promo calendar is reworked).',
      status: 'paused',
      definition: { match: 'all', conditions: [event('Order Completed', true, days(90), 2, [{ property: 'coupon', op: 'exists' }])] },
    },
  ];
}

/** Picks the value thresholds from the users' lifetime values in cents: the 90th percentile of all users, the 75th of buyers. */
export function valueThresholds(lifetimeValueCents: Float64Array): ValueThresholds {
  const sorted = Float64Array.from(lifetimeValueCents).sort();
  const buyers = sorted.filter((cents) => cents > 0);
  const at = (values: Float64Array, q: number) => (values.length === 0 ? 0 : values[Math.floor(q * (values.length - 1))] / 100);
  return { highLtv: roundThreshold(at(sorted, 0.9)), vip: roundThreshold(at(buyers, 0.75)) };
}

/** Rounds a value in USD down to two significant digits (1234.5 → 1200), for thresholds a person would pick. */
export function roundThreshold(value: number): number {
  if (value < 10) return Math.max(1, Math.floor(value));
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.floor(value / magnitude) * magnitude;
}
