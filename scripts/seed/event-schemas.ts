/** A JSON Schema of an event's properties, as stored in `event_schemas.properties`. */
export interface PropertiesSchema {
  type: 'object';
  properties: Record<string, { type: 'string' | 'number' | 'integer' | 'boolean'; description: string }>;
  required: string[];
}

/** One tracked event of the workspace's tracking plan. */
export interface EventSchema {
  name: string;
  description: string;
  properties: PropertiesSchema;
}

/** One user trait of the workspace, as stored in `trait_schemas`. */
export interface TraitSchema {
  name: string;
  type: 'string' | 'number' | 'boolean' | 'date';
  description: string;
}

type PropertySpec = readonly [name: string, type: 'string' | 'number' | 'integer', description: string, required?: false];

const PRODUCT: readonly PropertySpec[] = [
  ['product_id', 'string', 'Catalog id of the product, e.g. prod_0042'],
  ['name', 'string', 'Product name as shown in the shop'],
  ['category', 'string', 'Catalog category (Jackets, Footwear, Camping, Packs, Apparel, Accessories)'],
  ['price', 'number', 'Unit price in USD'],
];
const QUANTITY: PropertySpec = ['quantity', 'integer', 'Units added or removed'];

function schema(name: string, description: string, specs: readonly PropertySpec[]): EventSchema {
  const properties: PropertiesSchema['properties'] = {};
  const required: string[] = [];
  for (const [property, type, text, isRequired] of specs) {
    properties[property] = { type, description: text };
    if (isRequired !== false) required.push(property);
  }
  return { name, description, properties: { type: 'object', properties, required } };
}

/** The tracking plan: every event the generator emits, with exactly the properties it carries. */
export const EVENT_SCHEMAS: readonly EventSchema[] = [
  schema('Page Viewed', 'A page of the shop or the journal was viewed.', [
    ['path', 'string', 'URL path of the page'],
    ['title', 'string', 'Document title'],
    ['referrer', 'string', 'Referring URL; empty when typed or bookmarked'],
  ]),
  schema('Products Searched', 'The visitor searched the catalog.', [
    ['query', 'string', 'Search terms as typed'],
    ['results', 'integer', 'Number of products found'],
  ]),
  schema('Product Viewed', 'A product detail page was viewed.', PRODUCT),
  schema('Product Added', 'A product was added to the cart.', [...PRODUCT, QUANTITY]),
  schema('Product Added to Wishlist', 'A product was saved to the wishlist.', PRODUCT),
  schema('Product Removed', 'A product was removed from the cart.', [...PRODUCT, QUANTITY]),
  schema('Cart Viewed', 'The cart was opened.', [
    ['items', 'integer', 'Units in the cart'],
    ['value', 'number', 'Cart value in USD'],
  ]),
  schema('Checkout Started', 'The visitor began checkout with the cart.', [
    ['order_id', 'string', 'Id of the order being placed'],
    ['value', 'number', 'Order value in USD before discounts'],
    ['items', 'integer', 'Units in the order'],
  ]),
  schema('Order Completed', 'An order was paid; revenue counts toward lifetime_value.', [
    ['order_id', 'string', 'Id of the order'],
    ['revenue', 'number', 'Revenue in USD after discounts'],
    ['items', 'integer', 'Units in the order'],
    ['currency', 'string', 'ISO 4217 currency code'],
    ['coupon', 'string', 'Coupon code, when one was used', false],
  ]),
  schema('Signed Up', 'A visitor created an account.', [
    ['method', 'string', 'How the account was created: email, google or apple'],
    ['plan', 'string', 'Membership plan chosen: free, plus or pro'],
  ]),
  schema('Email Opened', 'A newsletter email was opened.', [
    ['campaign', 'string', 'Campaign id, e.g. newsletter_2026_11_03'],
    ['subject', 'string', 'Subject line of the email'],
  ]),
  schema('Email Clicked', 'A link in a newsletter email was clicked.', [
    ['campaign', 'string', 'Campaign id'],
    ['link', 'string', 'URL of the clicked link'],
  ]),
];

/** The user traits every generated user has (the trait list of the segment DSL). */
export const TRAIT_SCHEMAS: readonly TraitSchema[] = [
  { name: 'email', type: 'string', description: 'Email address' },
  { name: 'name', type: 'string', description: 'Full name' },
  { name: 'country', type: 'string', description: 'Country, ISO 3166-1 alpha-2 (e.g. US, DE)' },
  { name: 'city', type: 'string', description: 'City' },
  { name: 'plan', type: 'string', description: 'Membership plan: free, plus or pro' },
  { name: 'signup_date', type: 'date', description: 'Day the account was created (YYYY-MM-DD)' },
  { name: 'lifetime_value', type: 'number', description: 'Sum of Order Completed revenue in USD' },
  { name: 'orders_count', type: 'number', description: 'Number of completed orders' },
  { name: 'email_opt_in', type: 'boolean', description: 'Whether the user receives newsletters' },
];
