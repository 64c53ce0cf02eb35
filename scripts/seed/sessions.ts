import { COUPONS, LANDING_PAGES, PRODUCTS, REFERRERS, SEARCH_QUERIES, formatMoney, type Product } from './catalog.ts';
import { WeightedTable } from './prng.ts';
import type { UserEvents } from './user-events.ts';

/** Popular products are viewed far more often than the long tail (weights spread across categories). */
const PRODUCT_TABLE = new WeightedTable(PRODUCTS.map((product, i) => [product, 1 / Math.sqrt(1 + ((i * 37) % PRODUCTS.length))] as const));

/** Where a session starts: a landing page and the referrer that sent the visitor. */
export interface SessionEntry {
  path: string;
  title: string;
  referrer: string;
}

interface CartLine {
  product: Product;
  quantity: number;
}

/**
 * Plays one shopping session from `start` (epoch ms) until `end`: a landing page, maybe a search,
 * product pages, adds to cart or wishlist, then cart, checkout and order with the archetype's drop-off.
 * Stops early when the user's event budget runs out or the next step would fall after `end`.
 */
export function playSession(user: UserEvents, start: number, end: number, entry?: SessionEntry): void {
  const { rng, profile } = user;
  const behaviour = profile.archetype;
  if (start > end || user.remaining <= 0) return;
  let at = start;
  const next = (): boolean => {
    at += 3_000 + rng.int(0, 85_000);
    return at <= end && user.remaining > 0;
  };
  const landing = entry ?? drawEntry(user);
  user.emit('Page Viewed', at, `{"path":${JSON.stringify(landing.path)},"title":${JSON.stringify(landing.title)},"referrer":"${landing.referrer}"}`);
  if (rng.chance(behaviour.search)) {
    if (!next()) return;
    user.emit('Products Searched', at, `{"query":${JSON.stringify(rng.pick(SEARCH_QUERIES))},"results":${rng.int(0, 48)}}`);
  }
  const cart: CartLine[] = [];
  const views = rng.int(behaviour.productViews[0], behaviour.productViews[1]);
  for (let view = 0; view < views; view++) {
    if (rng.chance(0.3)) {
      if (!next()) return;
      const [path, title] = rng.pick(LANDING_PAGES);
      user.emit('Page Viewed', at, `{"path":${JSON.stringify(path)},"title":${JSON.stringify(title)},"referrer":"https://acme-outfitters.example/"}`);
    }
    if (!next()) return;
    const product = PRODUCT_TABLE.draw(rng);
    user.emit('Product Viewed', at, `{${product.json}}`);
    if (rng.chance(behaviour.addToCart)) {
      if (!next()) return;
      const quantity = rng.chance(0.85) ? 1 : rng.int(2, 3);
      user.emit('Product Added', at, `{${product.json},"quantity":${quantity}}`);
      cart.push({ product, quantity });
    } else if (rng.chance(behaviour.wishlist)) {
      if (!next()) return;
      user.emit('Product Added to Wishlist', at, `{${product.json}}`);
    }
  }
  if (cart.length === 0) return;
  if (rng.chance(0.7)) {
    if (!next()) return;
    user.emit('Cart Viewed', at, `{"items":${countItems(cart)},"value":${formatMoney(cartValue(cart))}}`);
  }
  if (cart.length > 1 && rng.chance(0.15)) {
    if (!next()) return;
    const removed = cart.pop() as CartLine;
    user.emit('Product Removed', at, `{${removed.product.json},"quantity":${removed.quantity}}`);
  }
  if (!rng.chance(behaviour.checkout) || !next()) return;
  const orderId = `ord_${rng.hex(6)}`;
  const value = cartValue(cart);
  const items = countItems(cart);
  user.emit('Checkout Started', at, `{"order_id":"${orderId}","value":${formatMoney(value)},"items":${items}}`);
  if (!rng.chance(behaviour.order) || !next()) return;
  const coupon = rng.chance(0.2) ? rng.pick(COUPONS) : undefined;
  const revenue = coupon ? value - Math.round((value * coupon[1]) / 100) : value;
  const couponJson = coupon ? `,"coupon":"${coupon[0]}"` : '';
  user.emit('Order Completed', at, `{"order_id":"${orderId}","revenue":${formatMoney(revenue)},"items":${items},"currency":"USD"${couponJson}}`);
  user.revenueCents += revenue;
  user.orders++;
}

function drawEntry(user: UserEvents): SessionEntry {
  const [path, title] = user.rng.pick(LANDING_PAGES);
  return { path, title, referrer: REFERRERS.draw(user.rng) };
}

function cartValue(cart: readonly CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.product.priceCents * line.quantity, 0);
}

function countItems(cart: readonly CartLine[]): number {
  return cart.reduce((sum, line) => sum + line.quantity, 0);
}
