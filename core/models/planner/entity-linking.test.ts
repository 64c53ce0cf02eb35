import { describe, expect, it } from 'vitest';
import { linkEvent, linkEvents, linkSegment } from './entity-linking.ts';
import { SCHEMAS, SEGMENTS } from './testing/fake-workspace.ts';
import { normalise } from './text.ts';

const events = SCHEMAS.map((s) => s.name);
const segments = SEGMENTS.map((s) => s.name);

describe('linkEvent', () => {
  it.each([
    ['how many purchases last week', 'Order Completed'],
    ['people who bought twice', 'Order Completed'],
    ['total orders', 'Order Completed'],
    ['wishlist adds in october', 'Product Added to Wishlist'],
    ['who added a jacket to their wish list', 'Product Added to Wishlist'],
    ['added to cart', 'Product Added'],
    ['signups this week', 'Signed Up'],
    ['page views per day', 'Page Viewed'],
    ['viewed a product 3 times', 'Product Viewed'],
    ['checkout starts', 'Checkout Started'],
    ['email opens', 'Email Opened'],
    ['clicked on an email', 'Email Clicked'],
    ['searches today', 'Products Searched'],
    ['order completed events', 'Order Completed'],
  ])('%s → %s', (text, event) => {
    expect(linkEvent(normalise(text), events)?.event).toBe(event);
  });

  it('uses the catalog, not a fixed list: a differently named event still links by its words', () => {
    expect(linkEvent('users who applied a coupon', ['Coupon Applied', 'Order Completed'])?.event).toBe('Coupon Applied');
    expect(linkEvent('how many purchases', ['Purchase', 'Page View'])?.event).toBe('Purchase');
    expect(linkEvent('how many purchases', ['Page Viewed'])).toBeUndefined();
  });

  it('finds several events in order', () => {
    expect(linkEvents(normalise('added to cart but never checked out'), events).map((l) => l.event)).toEqual(['Product Added', 'Order Completed']);
  });
});

describe('linkSegment', () => {
  it.each([
    ['how big is high-LTV', 'High LTV'],
    ['members of the churn risk audience', 'Churn Risk'],
    ['chrun risk trend', 'Churn Risk'],
    ['vip buyers', 'VIP Buyers'],
    ['abandoned carts segment', 'Cart Abandoners'],
    ['lifetime value segment high', 'High LTV'],
  ])('%s → %s', (text, name) => {
    expect(linkSegment(normalise(text), segments)).toMatchObject({ kind: 'one', name });
  });

  it('says none when no name is there, and ambiguous when two fit equally', () => {
    expect(linkSegment('show me the segment', segments)).toEqual({ kind: 'none' });
    expect(linkSegment('the shoppers one', ['Window Shoppers', 'Weekend Shoppers'])).toEqual({ kind: 'ambiguous', names: ['Window Shoppers', 'Weekend Shoppers'] });
  });
});
