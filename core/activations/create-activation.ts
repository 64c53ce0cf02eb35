import { randomBytes } from 'node:crypto';
import { SegOpsError } from '../errors.ts';
import type { Stores } from '../stores/index.ts';
import { findActivation, insertActivation, type Activation } from './activation-store.ts';
import { parseNewActivation } from './destinations.ts';
import { generateSigningSecret } from './webhook-signature.ts';

/** A created activation; `signingSecret` (webhooks) is shown this once and never again. */
export interface CreatedActivation {
  activation: Activation;
  signingSecret?: string;
}

/**
 * Creates an activation from a request body: validated (INVALID_INPUT naming each bad field),
 * its segment checked to exist in the workspace, a webhook given a generated signing secret.
 */
export async function createActivation(stores: Pick<Stores, 'pg'>, workspaceId: string, body: unknown): Promise<CreatedActivation> {
  const parsed = parseNewActivation(body);
  if (!parsed.ok) {
    const summary = parsed.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
    throw new SegOpsError('INVALID_INPUT', `invalid activation: ${summary}`, { problems: parsed.problems });
  }
  const input = parsed.value;
  const [segment] = await stores.pg.query('select 1 from segments where workspace_id = $1 and id = $2', [workspaceId, input.segmentId]);
  if (!segment) {
    throw new SegOpsError('INVALID_INPUT', `invalid activation: segment_id: segment '${input.segmentId}' does not exist in this workspace`, {
      problems: [{ path: 'segment_id', message: `segment '${input.segmentId}' does not exist in this workspace` }],
    });
  }
  const signingSecret = input.destinationType === 'webhook' ? generateSigningSecret() : undefined;
  const id = `act_${randomBytes(8).toString('hex')}`;
  await insertActivation(stores.pg, {
    id,
    workspaceId,
    segmentId: input.segmentId,
    name: input.name,
    destinationType: input.destinationType,
    config: signingSecret ? { ...input.config, secret: signingSecret } : input.config,
  });
  return { activation: (await findActivation(stores.pg, workspaceId, id))!, signingSecret };
}
