import { WeightedTable } from './prng.ts';

/** How one kind of shopper behaves: how much, when, and how far down the funnel they go. */
export interface Archetype {
  name: 'loyal' | 'regular' | 'browser' | 'churned' | 'new' | 'wishlister' | 'cart_abandoner' | 'dormant';
  /** Relative number of events per active day. */
  activity: number;
  /** Product pages seen per session, min and max. */
  productViews: readonly [number, number];
  /** Chance that a session starts with a search. */
  search: number;
  /** Chance, per product viewed, to add it to the cart / to the wishlist. */
  addToCart: number;
  wishlist: number;
  /** Chance to start checkout with a non-empty cart, then to complete the order. */
  checkout: number;
  order: number;
  /** Chance to open a campaign email, then to click it. */
  emailOpen: number;
  emailClick: number;
  emailOptIn: number;
  /** Weights of the free, plus and pro plans. */
  plans: readonly [number, number, number];
}

const ARCHETYPES: ReadonlyArray<readonly [Archetype, number]> = [
  [{ name: 'loyal', activity: 2.6, productViews: [2, 6], search: 0.45, addToCart: 0.32, wishlist: 0.05, checkout: 0.8, order: 0.88, emailOpen: 0.6, emailClick: 0.35, emailOptIn: 0.9, plans: [3, 4, 4] }, 8],
  [{ name: 'regular', activity: 1, productViews: [1, 5], search: 0.35, addToCart: 0.14, wishlist: 0.04, checkout: 0.5, order: 0.7, emailOpen: 0.32, emailClick: 0.2, emailOptIn: 0.65, plans: [7, 2, 1] }, 27],
  [{ name: 'browser', activity: 1.3, productViews: [3, 9], search: 0.5, addToCart: 0.03, wishlist: 0.03, checkout: 0.05, order: 0, emailOpen: 0.15, emailClick: 0.1, emailOptIn: 0.5, plans: [8, 1.5, 0.5] }, 14],
  [{ name: 'churned', activity: 1.3, productViews: [1, 5], search: 0.35, addToCart: 0.22, wishlist: 0.04, checkout: 0.65, order: 0.8, emailOpen: 0.25, emailClick: 0.15, emailOptIn: 0.6, plans: [7, 2, 1] }, 12],
  [{ name: 'new', activity: 1.8, productViews: [1, 6], search: 0.4, addToCart: 0.16, wishlist: 0.06, checkout: 0.45, order: 0.7, emailOpen: 0.5, emailClick: 0.3, emailOptIn: 0.75, plans: [8, 1.5, 0.5] }, 10],
  [{ name: 'wishlister', activity: 1.1, productViews: [2, 7], search: 0.4, addToCart: 0.06, wishlist: 0.3, checkout: 0.4, order: 0.6, emailOpen: 0.35, emailClick: 0.2, emailOptIn: 0.7, plans: [6, 3, 1] }, 7],
  [{ name: 'cart_abandoner', activity: 1.2, productViews: [1, 5], search: 0.3, addToCart: 0.45, wishlist: 0.04, checkout: 0.22, order: 0.3, emailOpen: 0.25, emailClick: 0.15, emailOptIn: 0.6, plans: [7, 2, 1] }, 8],
  [{ name: 'dormant', activity: 0.3, productViews: [1, 3], search: 0.2, addToCart: 0.1, wishlist: 0.02, checkout: 0.4, order: 0.6, emailOpen: 0.1, emailClick: 0.05, emailOptIn: 0.5, plans: [9, 1, 0.3] }, 14],
];

/** The shoppers of the workspace, drawn by share: loyal buyers, browsers, churned, new, wishlisters, cart abandoners, ... */
export const ARCHETYPE_TABLE = new WeightedTable(ARCHETYPES);
