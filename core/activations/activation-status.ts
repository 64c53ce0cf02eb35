import { SegOpsError } from '../errors.ts';
import type { Stores } from '../stores/index.ts';
import { findActivation, moveActivationStatus, type Activation } from './activation-store.ts';

/** The state changes a user may ask for, and the states each starts from. */
const TRANSITIONS = {
  pause: { from: ['active', 'error'], to: 'paused' },
  resume: { from: ['paused', 'error'], to: 'active' },
} as const;

/**
 * Pauses or resumes an activation: NOT_FOUND for an id the workspace does not have, CONFLICT when
 * it is already in the asked state. Pausing stops deliveries; resuming also clears an error state.
 */
export async function changeActivationStatus(
  stores: Pick<Stores, 'pg'>,
  workspaceId: string,
  id: string,
  action: keyof typeof TRANSITIONS,
): Promise<Activation> {
  const { from, to } = TRANSITIONS[action];
  const moved = await moveActivationStatus(stores.pg, workspaceId, id, from, to);
  const activation = await findActivation(stores.pg, workspaceId, id);
  if (!activation) throw activationNotFound(id);
  if (!moved) {
    throw new SegOpsError('CONFLICT', `activation '${id}' is ${activation.status}; only an activation that is ${from.join(' or ')} can be ${action}d`, {
      status: activation.status,
    });
  }
  return activation;
}

/** The error for an activation id the workspace does not have. */
export function activationNotFound(id: string): SegOpsError {
  return new SegOpsError('NOT_FOUND', `activation '${id}' does not exist in this workspace`);
}
