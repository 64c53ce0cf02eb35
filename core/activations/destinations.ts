import { z } from 'zod';

const text = (description: string) => z.string().trim().min(1).max(500).describe(description);

/**
 * The destination types an activation can be created with, and the config each needs. Only
 * `webhook` delivers; the others are stored with their config and status for the dashboard and
 * the copilot. A webhook's signing secret is generated, never supplied.
 */
export const DESTINATION_CONFIGS = {
  webhook: z.strictObject({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).describe('Where membership changes are POSTed'),
  }),
  braze: z.strictObject({
    rest_endpoint: z.url({ protocol: /^https$/, error: 'must be an https URL' }).describe('Braze REST endpoint'),
    api_key: text('Braze REST API key'),
  }),
  google_ads: z.strictObject({
    customer_id: z.string().regex(/^\d{3}-?\d{3}-?\d{4}$/, 'must look like 123-456-7890').describe('Google Ads customer id'),
    user_list_id: text('Customer Match user list id').optional(),
  }),
  facebook_ads: z.strictObject({
    ad_account_id: text('Ad account id (act_...)'),
    audience_id: text('Custom audience id').optional(),
  }),
  hubspot: z.strictObject({
    portal_id: text('HubSpot portal id'),
    list_id: text('HubSpot list id').optional(),
  }),
  s3: z.strictObject({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be an AWS region such as eu-west-1'),
    prefix: z.string().max(500).optional(),
  }),
} as const;

/** A destination type activations can be created with. */
export type DestinationType = keyof typeof DESTINATION_CONFIGS;

/** The destination types, in a stable order (for messages and the dashboard). */
export const DESTINATION_TYPES = Object.keys(DESTINATION_CONFIGS) as DestinationType[];

/** The body of `POST /api/activations`; `config` is checked against its type's schema by `parseNewActivation`. */
export const newActivationSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  destination_type: z.enum(DESTINATION_TYPES, `must be one of ${DESTINATION_TYPES.join(', ')}`),
  segment_id: z.string().trim().min(1, 'must not be empty'),
  config: z.record(z.string(), z.unknown()).default({}),
});

/** A validated new activation. */
export interface NewActivationInput {
  name: string;
  destinationType: DestinationType;
  segmentId: string;
  config: Record<string, unknown>;
}

/** One problem of a request body: where, and what is wrong. */
export interface FieldProblem {
  path: string;
  message: string;
}

/** Validates the body of `POST /api/activations`, config included; problems name their field. */
export function parseNewActivation(body: unknown): { ok: true; value: NewActivationInput } | { ok: false; problems: FieldProblem[] } {
  const base = newActivationSchema.safeParse(body);
  if (!base.success) return { ok: false, problems: toProblems(base.error.issues, []) };
  const config = DESTINATION_CONFIGS[base.data.destination_type].safeParse(base.data.config);
  if (!config.success) return { ok: false, problems: toProblems(config.error.issues, ['config']) };
  return {
    ok: true,
    value: {
      name: base.data.name,
      destinationType: base.data.destination_type,
      segmentId: base.data.segment_id,
      config: config.data as Record<string, unknown>,
    },
  };
}

function toProblems(issues: readonly z.core.$ZodIssue[], prefix: string[]): FieldProblem[] {
  return issues.map((issue) => {
    const path = [...prefix, ...issue.path.map(String)].join('.') || 'body';
    const message = issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
    return { path, message };
  });
}

const SECRET_KEY = /secret|api_key|token|password/i;

/** A config fit for clients: secret values keep their last four characters only. */
export function maskConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key, SECRET_KEY.test(key) && typeof value === 'string' ? mask(value) : value]),
  );
}

function mask(secret: string): string {
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
