import { Rng, WeightedTable } from './prng.ts';

/** One product of the shop, with its properties pre-encoded as a JSON fragment. */
export interface Product {
  id: string;
  name: string;
  category: string;
  priceCents: number;
  /** `"product_id":…,"name":…,"category":…,"price":…`, ready to splice into an event's properties. */
  json: string;
}

/** A country (ISO-2) with its share of users and a few cities. */
export interface Country {
  code: string;
  cities: readonly string[];
}

const COUNTRY_WEIGHTS: ReadonlyArray<readonly [Country, number]> = [
  [{ code: 'US', cities: ['New York', 'Los Angeles', 'Chicago', 'Denver', 'Seattle', 'Austin', 'Boston', 'Portland'] }, 42],
  [{ code: 'GB', cities: ['London', 'Manchester', 'Edinburgh', 'Bristol'] }, 10],
  [{ code: 'DE', cities: ['Berlin', 'Munich', 'Hamburg', 'Cologne'] }, 9],
  [{ code: 'CA', cities: ['Toronto', 'Vancouver', 'Montreal', 'Calgary'] }, 8],
  [{ code: 'FR', cities: ['Paris', 'Lyon', 'Marseille', 'Bordeaux'] }, 7],
  [{ code: 'AU', cities: ['Sydney', 'Melbourne', 'Brisbane', 'Perth'] }, 6],
  [{ code: 'NL', cities: ['Amsterdam', 'Rotterdam', 'Utrecht'] }, 4],
  [{ code: 'ES', cities: ['Madrid', 'Barcelona', 'Valencia'] }, 4],
  [{ code: 'IT', cities: ['Milan', 'Rome', 'Turin'] }, 3],
  [{ code: 'SE', cities: ['Stockholm', 'Gothenburg'] }, 3],
  [{ code: 'JP', cities: ['Tokyo', 'Osaka', 'Sapporo'] }, 2],
  [{ code: 'BR', cities: ['São Paulo', 'Rio de Janeiro', 'Curitiba'] }, 2],
];

/** Countries drawn by their share of the user base (the US first, then Europe, Canada, Australia). */
export const COUNTRIES = new WeightedTable(COUNTRY_WEIGHTS);

/** The European countries of the catalog (the "EU Shoppers" segment uses them with `any`). */
export const EUROPEAN_COUNTRIES = ['GB', 'DE', 'FR', 'NL', 'ES', 'IT', 'SE'] as const;

/** First names for generated users. */
export const FIRST_NAMES = [
  'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Leo',
  'Harper', 'Ethan', 'Chloé', 'Jonas', 'Zoë', 'Hannah', 'Yuki', 'Priya', 'Aisha', 'Diego', 'Ingrid', 'Luca',
  'Sofia', 'Finn', 'Maya', 'Omar', 'Nora', 'Kai', 'Lena', 'Marco',
] as const;

/** Last names for generated users (one with an apostrophe, so escaping is exercised). */
export const LAST_NAMES = [
  'Smith', 'Johnson', 'Garcia', 'Müller', 'Martin', 'Brown', 'Rossi', 'Tanaka', 'Silva', 'Andersson',
  'Dubois', 'Jansen', 'Nguyen', 'Patel', 'Kim', "O'Brien", 'Schmidt', 'Lopez', 'Wilson', 'Taylor',
  'Moreau', 'Fischer', 'Costa', 'Novak',
] as const;

const CATEGORIES: ReadonlyArray<{ name: string; nouns: readonly string[]; minPrice: number; maxPrice: number }> = [
  { name: 'Jackets', nouns: ['Rain Shell', 'Down Parka', 'Fleece Jacket', 'Softshell', 'Insulated Vest'], minPrice: 59, maxPrice: 389 },
  { name: 'Footwear', nouns: ['Trail Runner', 'Hiking Boot', 'Approach Shoe', 'Camp Sandal', 'Winter Boot'], minPrice: 45, maxPrice: 249 },
  { name: 'Camping', nouns: ['2-Person Tent', 'Sleeping Bag', 'Sleeping Pad', 'Camp Stove', 'Hammock'], minPrice: 29, maxPrice: 499 },
  { name: 'Packs', nouns: ['Daypack 22L', 'Backpack 45L', 'Hip Pack', 'Duffel 60L', 'Hydration Pack'], minPrice: 25, maxPrice: 279 },
  { name: 'Apparel', nouns: ['Merino Tee', 'Hiking Pants', 'Base Layer', 'Sun Hoodie', 'Wool Beanie'], minPrice: 18, maxPrice: 129 },
  { name: 'Accessories', nouns: ['Headlamp', 'Trekking Poles', 'Water Bottle', 'Multi-Tool', 'Sunglasses'], minPrice: 9, maxPrice: 149 },
];

const ADJECTIVES = ['Summit', 'Ridge', 'Alpine', 'Canyon', 'Cascade', 'Tundra', 'Basecamp', 'Trailhead'] as const;

function buildProducts(): Product[] {
  const rng = new Rng(20260101);
  const products: Product[] = [];
  for (const category of CATEGORIES) {
    for (const noun of category.nouns) {
      for (const adjective of ADJECTIVES.slice(0, 4)) {
        const id = `prod_${String(products.length + 1).padStart(4, '0')}`;
        const name = `${adjective} ${noun}`;
        const priceCents = rng.int(category.minPrice, category.maxPrice) * 100 + pickCents(rng);
        const json = `"product_id":"${id}","name":${JSON.stringify(name)},"category":${JSON.stringify(category.name)},"price":${formatMoney(priceCents)}`;
        products.push({ id, name, category: category.name, priceCents, json });
      }
    }
  }
  return products;
}

function pickCents(rng: Rng): number {
  return [0, 50, 95, 99][rng.int(0, 3)];
}

/** The shop's catalog: 120 outdoor products in six categories, the same for every seed. */
export const PRODUCTS: readonly Product[] = buildProducts();

/** Search terms typed into the shop's search box. */
export const SEARCH_QUERIES = [
  'rain jacket', 'waterproof boots', 'tent', 'sleeping bag', 'merino', 'backpack', 'headlamp', 'trail running shoes',
  'down jacket', 'hiking poles', 'camp stove', 'gifts under $50', 'kids jacket', 'sale', 'women\'s fleece', 'gore-tex',
] as const;

/** Landing pages with their titles. */
export const LANDING_PAGES = [
  ['/', 'Acme Outfitters | Gear for every trail'],
  ['/sale', 'Sale | Acme Outfitters'],
  ['/new-arrivals', 'New Arrivals | Acme Outfitters'],
  ['/collections/camping', 'Camping | Acme Outfitters'],
  ['/collections/jackets', 'Jackets | Acme Outfitters'],
  ['/collections/footwear', 'Footwear | Acme Outfitters'],
  ['/blog/how-to-layer-for-winter-hikes', 'How to layer for winter hikes | Acme Journal'],
  ['/stores', 'Find a store | Acme Outfitters'],
] as const;

/** Where visitors come from (empty: typed the address). */
export const REFERRERS = new WeightedTable<string>([
  ['', 30],
  ['https://www.google.com/', 35],
  ['https://www.instagram.com/', 10],
  ['https://www.facebook.com/', 7],
  ['https://www.bing.com/', 4],
  ['https://mail.acme-outfitters.example/', 8],
  ['https://www.reddit.com/r/CampingGear/', 6],
]);

/** Coupons used at checkout, with their discount in percent. */
export const COUPONS = [
  ['WELCOME10', 10],
  ['TRAIL15', 15],
  ['FREESHIP', 5],
] as const;

/** Formats cents as a JSON number with at most two decimals (1999 → 19.99, 2000 → 20). */
export function formatMoney(cents: number): string {
  return String(cents / 100);
}
