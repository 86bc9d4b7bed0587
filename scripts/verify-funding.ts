// `npm run verify:funding`: the auditor's check of every training-funding application (issue 14
// §2): the class, the standards and the eligibility policy read again from the log as it stood at the
// position the application recorded, the calculation run again, and the facts and the result compared
// with what the application recorded, to the person and the fen. Exit code 0 when every one agrees;
// 1 naming each that does not; 2 when it could not run. (People's categories and earlier claims come
// from the read side at calculation time and are taken as recorded.)
import { formatYuan } from '../domain/shared/money';
import { withToolPlatform } from './tool-platform';

async function main() {
  await withToolPlatform({ runProjections: false }, async (platform) => {
    const { checked, differing } = await platform.commands.subsidyApplications.recomputeAll();
    for (const r of differing) {
      console.error(`申报 ${r.applicationId}：${r.factsSame ? '' : '计算依据与日志不符；'}${r.resultSame ? '' : `复算金额${formatYuan(r.recomputedTotalFen)}，记录金额${formatYuan(r.recordedTotalFen)}`}`);
    }
    console.log(`复算培训经费申报${checked}笔：${differing.length === 0 ? '全部一致' : `${differing.length}笔不一致`}`);
    if (differing.length > 0) process.exitCode = 1;
  });
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error('复算无法完成:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
