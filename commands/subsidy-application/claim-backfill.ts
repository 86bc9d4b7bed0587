// The one-off backfill of people's claim streams (补贴享受记录) for an installation whose training
// funding and 技能提升补贴 were approved before final approvals recorded claims: every approval in the
// log that still stands (approved, not revoked; people an upheld objection took out left out) gets
// its claims recorded as `carried_over` (not checked: the money was committed then), so that every
// later approval counts them. Idempotent (a claim already held is left as it is; each record's
// command id derives from its stream), so it can run again after a partial run. It reads the global
// log, which shows an approval only once every older transaction has ended: run it when no approvals
// are being made (a maintenance window), or run it again afterwards.
// Run: `npx tsx scripts/backfill-claims.ts`.
import { v5 as uuidv5 } from 'uuid';
import { personalSubsidyDecider } from '../../domain/personal-subsidy/personal-subsidy';
import { subsidyApplicationDecider } from '../../domain/subsidy-application/application';
import type { EventStore } from '../../store/event-store/event-store';
import { loadState } from '../../store/fold';
import { skillUpgradeClaimOf } from '../personal-subsidy/personal-subsidy-commands';
import type { RequestContext } from '../pipeline/request-context';
import { trainingClaimsOf } from './application-commands';
import { personClaims, type ClaimToRecord } from './person-claims';

const BACKFILL_NAMESPACE = 'c1e7a9d3-54b2-4f08-9e6a-2d8b7f3c5a10';

export async function backfillClaims(store: EventStore, actor: RequestContext['actor']) {
  const claims = personClaims(store);
  const streams = new Set<string>();
  for (let after = 0n; ; ) {
    const page = await store.readAll({ after, maxCount: 1_000, typePrefixes: ['TrainingFundingApproved', 'PersonalSubsidyApproved'] });
    for (const e of page.events) streams.add(e.streamId);
    if (page.events.length === 0 || page.scannedUpTo <= after) break;
    after = page.scannedUpTo;
  }
  let records = 0;
  let claimCount = 0;
  for (const streamId of streams) {
    const items: ClaimToRecord[] = [];
    if (streamId.startsWith('subsidy-application-')) {
      const state = await loadState(store, subsidyApplicationDecider, streamId);
      if (state.status !== 'active' || state.review.status !== 'approved' || state.revoked || !state.reservation) continue;
      items.push(...trainingClaimsOf(state, state.reservation.reservationId).filter((c) => !state.removed.includes(c.personId)));
    } else {
      const state = await loadState(store, personalSubsidyDecider, streamId);
      if (state.status !== 'active' || state.kind !== 'skill_upgrade') continue;
      for (const application of [...state.history, state.current]) {
        if (application.review.status === 'approved' && application.reservation && !application.revoked) items.push(skillUpgradeClaimOf(state, application.reservation.reservationId, application));
      }
    }
    if (items.length === 0) continue;
    const commandId = uuidv5(`backfill:${streamId}`, BACKFILL_NAMESPACE);
    const request: RequestContext = { actor, commandId, correlationId: commandId, ip: null };
    // One record at a time per stream: several 技能提升补贴 of one person land in one append.
    const recorded = await claims.record(items.map((i) => ({ ...i, limit: { kind: 'carried_over', from: streamId } })), request);
    if (recorded > 0) records++;
    claimCount += recorded;
  }
  return { records, claims: claimCount };
}
