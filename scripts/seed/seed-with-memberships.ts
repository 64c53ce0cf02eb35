import { backfillMembershipHistory, refreshSegment } from '../../core/segments/index.ts';
import type { Stores } from '../../core/stores/index.ts';
import { seedWorkspace, type SeedOptions, type SeedResult } from './seed-workspace.ts';

/** Days of membership history computed for each seeded segment. */
export const HISTORY_DAYS = 90;

/**
 * Seeds a workspace and computes its segments: daily history by evaluating each segment as it was on each
 * of the last 90 days, then the current members and `member_count`.
 */
export async function seedWithMemberships(stores: Stores, options: SeedOptions): Promise<SeedResult> {
  const workspaceId = options.workspaceId ?? 'ws_acme';
  return seedWorkspace(stores, {
    ...options,
    afterSegments: async (segmentIds) => {
      for (const segmentId of segmentIds) {
        await backfillMembershipHistory(stores, workspaceId, segmentId, { days: HISTORY_DAYS, now: options.now });
        await refreshSegment(stores, workspaceId, segmentId, { now: options.now });
      }
    },
  });
}
