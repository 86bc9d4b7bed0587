// `npx tsx scripts/backfill-claims.ts`: records, once, the per-person claims (补贴享受记录) of the training
// funding and 技能提升补贴 approved before final approvals recorded them
// (commands/subsidy-application/claim-backfill.ts), so later approvals count them. Idempotent; exit
// code 0 when done, 2 when it could not run. Run it once after upgrading an installation with data.
import { backfillClaims } from '../commands/subsidy-application/claim-backfill';
import { withToolPlatform } from './tool-platform';

async function main() {
  await withToolPlatform({ runProjections: false }, async (platform) => {
    const done = await backfillClaims(platform.store, { id: 'system:claim-backfill', role: 'system', orgId: null });
    console.log(`补贴享受记录：补记${done.records}笔审核通过的申请，共${done.claims}条`);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('补记补贴享受记录未能完成:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
