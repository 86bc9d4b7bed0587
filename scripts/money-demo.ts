// Demo money (issue 14 §1-§3, §5), also into an older data folder: the province's subsidy standards
// (training, 生活费补贴, 一次性创业补贴, 技能提升补贴; a 贵阳 standard still in review), the 2025 and 2026
// employment-subsidy funds of 南明 and of the 贵阳 counties paying the applications, and, from the
// classes completed in 贵阳, training-funding applications in every state: 南明's paid and failed in
// 南明's batch and one in 公示; elsewhere a draft (computed), one in review, one with an open
// objection, one payable, one in 公示; personal subsidies of 南明's trainees (one paid in the batch
// to the person's social-security-card account; one failed there (a frozen card), re-issued to a new
// card through 申请重新支付 reviewed by the county and the prefecture, and paid in a second batch; one
// payable, a draft, one in review, one in 公示). Not here: a training-funding re-issue (it needs the
// institution's account changed through its reviewed record; api/payment-batch/payment-api.int.spec.ts
// shows it). Approvals "a month ago" put
// the 公示 behind today. The bank's result files are written here as the bank would answer
// (commands/payment-batch/CONTRACT.md): no bank is reached.
import { v5 as uuidv5 } from 'uuid';
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import { authorityId } from '../domain/organization/guizhou-divisions';
import { parsePaymentFile, renderResultFile } from '../domain/payment-batch/bank-file';
import { luhnCheckDigit } from '../domain/personal-data/bank-card';
import type { PersonalSubsidyEvidence, PersonalSubsidyKind } from '../domain/personal-subsidy/calculation';
import type { StandardScope, StandardTerms } from '../domain/subsidy-standard/standard-terms';
import { trainingClassesTable } from '../projections/training-class/training-classes-table';
import { traineeDecider, traineeStreams } from '../domain/trainee/trainee';
import { loadState } from '../store/fold';

export interface MoneyDemoContext {
  demoId(key: string): string;
  as(userId: string, role: string, orgId: string, key: string): RequestContext;
  log(line: string): void;
}

const PROVINCE = authorityId('520000');
const GUIYANG = authorityId('520100');
const NANMING = authorityId('520102');
const MONTH_AGO = () => new Date(Date.now() - 30 * 86_400_000);
const NAMESPACE = '5b0c7e2a-1f4d-4c3b-9a8e-6d2f1e0c9b73';

export async function loadMoneyDemo(platform: Platform, ctx: MoneyDemoContext, schoolId: string): Promise<void> {
  const { commands } = platform;
  const id = (key: string) => ctx.demoId(`money:${key}`);
  const trainingStandard = id('standard:training');
  if ((await platform.store.readStream(`subsidy-standard-${trainingStandard}`, { maxCount: 1 })).length > 0) return;
  ctx.log('补贴与资金：补贴标准、资金、机构培训经费申报与个人补贴（各状态）、支付批次');
  // The read models are awaited at the position of the demo's own last write: the store's head is
  // held below any transaction still open elsewhere (a job, a voucher's card load), so waiting for
  // the head can return before the demo's approvals are read and leave a batch without its orders.
  let lastWritten = 0n;
  const wrote = <T extends { position: bigint | null }>(result: T): T => {
    if (result.position !== null && result.position > lastWritten) lastWritten = result.position;
    return result;
  };
  const caughtUp = async () => {
    if (!(await platform.runner.waitFor(lastWritten, undefined, 120_000))) throw new Error('demo data: the read models did not catch up with the money records');
  };
  const user = (name: string) => ctx.demoId(`user:${name}`);
  const act = (name: string, role: string, orgId: string, key: string, now?: Date): RequestContext => ({ ...ctx.as(user(name), role, orgId, `money-demo:${key}`), ...(now ? { now } : {}) });
  const provinceOperator = (key: string) => act('sq_province', 'authority_operator', PROVINCE, key);
  const provinceReviewer = (key: string) => act('sh_province', 'reviewer', PROVINCE, key);
  const nanmingOperator = (key: string, now?: Date) => act('sq_nanming', 'authority_operator', NANMING, key, now);
  const county = (key: string, now?: Date) => act('sh_nanming', 'reviewer', NANMING, key, now);
  const city = (key: string, now?: Date) => act('sh_guiyang', 'reviewer', GUIYANG, key, now);
  const school = (institutionId: string, key: string, now?: Date) => act(institutionId === schoolId ? 'jg_nanming' : `operator:${institutionId}`, 'institution_operator', institutionId, key, now);

  // 1. Standards in force from 2025 (the generated classes start in 2025 and 2026), approved by the province.
  const standard = async (key: string, scope: Partial<StandardScope> & Pick<StandardScope, 'subject'>, terms: Omit<StandardTerms, 'effectiveFrom'>, approve = true) => {
    const standardId = key === 'training' ? trainingStandard : id(`standard:${key}`);
    const fullScope: StandardScope = { trainingKind: null, occupationCode: null, level: null, personCategory: null, ...scope };
    const authority = approve ? PROVINCE : GUIYANG;
    const proposer = approve ? provinceOperator(`standard:${key}`) : act('sh_guiyang', 'reviewer', GUIYANG, `standard:${key}`);
    await commands.subsidyStandards.propose(standardId, fullScope, { ...terms, effectiveFrom: '2025-01-01' }, { ...proposer, actor: { ...proposer.actor, orgId: authority } }, { submit: true });
    if (approve) wrote(await commands.reviews.approve(`subsidy-standard-${standardId}`, '同意', [], provinceReviewer(`standard:${key}:approve`)));
  };
  await standard('training', { subject: 'training' }, { amountFen: 100_000, unit: 'per_person', basis: '黔人社通〔2025〕18号' });
  await standard('living', { subject: 'living_allowance' }, { amountFen: 3_000, unit: 'per_day', basis: '黔人社通〔2025〕18号' });
  await standard('startup', { subject: 'startup' }, { amountFen: 500_000, unit: 'per_person', basis: '黔人社通〔2025〕21号' });
  await standard('skill', { subject: 'skill_upgrade' }, { amountFen: 150_000, unit: 'per_person', basis: '黔人社通〔2025〕22号' });
  await standard('guiyang-training', { subject: 'training', trainingKind: 'employment' }, { amountFen: 120_000, unit: 'per_person', basis: '筑人社通〔2026〕3号' }, false);

  // 2. Funds: employment subsidies of 2025 and 2026 for 南明 (its own operator) and the other counties of 贵阳 (the province allocates).
  const allocate = async (authority: string) => {
    for (const year of [2025, 2026]) {
      if (await commands.funds.find(authority, 'employment_subsidy', year)) continue;
      const by = authority === NANMING ? nanmingOperator(`fund:${authority}:${year}`) : provinceOperator(`fund:${authority}:${year}`);
      wrote(await commands.funds.allocate({ authorityId: authority, line: 'employment_subsidy', year, amountFen: 50_000_000, basis: `${year}年就业补助资金下达文件` }, by));
    }
  };
  await allocate(NANMING);
  await caughtUp();

  // 3. Completed classes whose calculation funds someone: 南明's (the demo school's first), then the other counties of 贵阳.
  const rows = await trainingClassesTable(platform.knex).where({ status: 'completed' }).where('county_code', 'like', '5201%').orderByRaw('(county_code = ?) desc, (institution_id = ?) desc, id', ['520102', schoolId]).select('id', 'institution_id');
  type Funded = { classId: string; institutionId: string; payerId: string; streamId?: string; applicationId?: string };
  const nanming: Funded[] = [];
  const others: Funded[] = [];
  for (const row of rows) {
    try {
      const preview = await commands.subsidyApplications.preview(row.id, 'employment_subsidy', school(row.institution_id, `preview:${row.id}`));
      if (preview.calculation.result.eligible.length === 0) continue;
      (preview.source.payerId === NANMING ? nanming : others).push({ classId: row.id, institutionId: row.institution_id, payerId: preview.source.payerId });
    } catch {
      // Not fundable (self-paid, teachers' training): not part of the demo's applications.
    }
  }
  // 南明's: paid and failed in its batch, then in 公示 (its operator's pages show them); elsewhere in 贵阳 the other states.
  const assigned = [
    ...nanming.slice(0, 3).map((c, i) => ({ ...c, state: (['batch_paid', 'batch_failed', 'noticed'] as const)[i]! })),
    ...others.slice(0, 5).map((c, i) => ({ ...c, state: (['draft', 'pending', 'objection', 'payable', 'noticed'] as const)[i]! })),
  ];
  for (const payer of new Set(assigned.map((a) => a.payerId))) await allocate(payer);
  const countyReviewer = (payerId: string, key: string, now?: Date) => (payerId === NANMING ? county(key, now) : act(`reviewer:${payerId}`, 'reviewer', payerId, key, now));
  const apply = async (c: (typeof assigned)[number], now?: Date) => {
    const applied = await commands.subsidyApplications.apply(c.classId, 'employment_subsidy', school(c.institutionId, `apply:${c.classId}`, now), { submit: c.state !== 'draft' });
    Object.assign(c, { streamId: applied.streamId, applicationId: applied.applicationId });
  };
  const approve = async (streamId: string, payerId: string, key: string, now?: Date) => {
    wrote(await commands.reviews.approve(streamId, '材料齐全，同意', [], countyReviewer(payerId, `${key}:county`, now)));
    wrote(await commands.reviews.approve(streamId, '同意，予以公示', [], city(`${key}:city`, now)));
  };

  // 4. Personal subsidies of trainees of 南明's classes: eligible people, those with a card account on their record first.
  const personal: { kind: PersonalSubsidyKind; classId: string; personId: string; institutionId: string; hasCard: boolean; subsidyId?: string; streamId?: string }[] = [];
  const evidence = (kind: PersonalSubsidyKind): PersonalSubsidyEvidence =>
    kind === 'skill_upgrade' ? { kind, insuredMonths: 26, insuranceProof: 'NMSB2026-0318' } : kind === 'startup' ? { kind, licenceNo: '91350100M000100Y43', registeredOn: '2026-06-18', businessName: '南明区黔味小吃店' } : { kind };
  for (const kind of ['skill_upgrade', 'living_allowance', 'startup'] as const) {
    for (const c of nanming) {
      const cls = await trainingClassesTable(platform.knex).where({ id: c.classId }).first('state');
      for (const entry of cls?.state.roster ?? []) {
        // At most eight of a kind, so each kind that has eligible people shows and the six states are filled,
        // and enough of them hold a card for the three card states (paid, failed and re-issued, payable: the
        // payment-batch browser test pays the payable one): with four, a run sometimes had two card holders only.
        if (entry.participant.kind !== 'trainee' || personal.some((p) => p.personId === entry.participant.personId) || personal.filter((p) => p.kind === kind).length >= 8) continue;
        try {
          const preview = await commands.personalSubsidies.preview({ kind, classId: c.classId, personId: entry.participant.personId, evidence: evidence(kind) }, school(c.institutionId, `personal-preview:${kind}:${entry.participant.personId}`));
          if (preview.result.refusals.length > 0) continue;
        } catch {
          continue;
        }
        const trainee = await loadState(platform.store, traineeDecider, traineeStreams.streamId(entry.participant.personId));
        personal.push({ kind, classId: c.classId, personId: entry.participant.personId, institutionId: c.institutionId, hasCard: trainee.status === 'registered' && Boolean(trainee.person.bankAccount) });
      }
    }
  }
  // Paid in the batch and payable now (the browser test pays it): people with a card; then a draft, one in review, one in 公示.
  personal.sort((a, b) => Number(b.hasCard) - Number(a.hasCard));
  const PERSONAL_STATES = ['batch_paid', 'batch_reissued', 'payable', 'draft', 'pending', 'noticed'] as const;
  const personalAssigned = personal.slice(0, PERSONAL_STATES.length).map((p, i) => ({ ...p, state: PERSONAL_STATES[i]! }));
  const applyPersonal = async (p: (typeof personalAssigned)[number], index: number, now?: Date) => {
    // The first at the demo school's desk, the others at 南明区人社局's counter.
    const request = index === 0 ? school(p.institutionId, `personal:${index}`, now) : nanmingOperator(`personal:${index}`, now);
    const applied = await commands.personalSubsidies.apply({ kind: p.kind, classId: p.classId, personId: p.personId, evidence: evidence(p.kind) }, request, { submit: p.state !== 'draft' });
    Object.assign(p, { subsidyId: applied.subsidyId, streamId: `personal-subsidy-${applied.subsidyId}` });
    if (p.state !== 'draft' && p.state !== 'pending') await approve(p.streamId!, NANMING, `personal:${applied.subsidyId}`, now);
  };

  // 5. What the first batch pays: approved a month ago (the 公示 over).
  for (const c of assigned.filter((a) => a.state.startsWith('batch'))) {
    await apply(c, MONTH_AGO());
    await approve(c.streamId!, c.payerId, `funding:${c.classId}`, MONTH_AGO());
  }
  for (const [index, p] of personalAssigned.entries()) if (p.state.startsWith('batch')) await applyPersonal(p, index, MONTH_AGO());
  await caughtUp();
  const funds = (await Promise.all([2025, 2026].map((year) => commands.funds.find(NANMING, 'employment_subsidy', year)))).filter((f) => f !== undefined);
  // A personal order names the person's record (its subsidy id) as its application.
  const failing = new Set([...assigned.filter((a) => a.state === 'batch_failed').map((a) => a.applicationId), ...personalAssigned.filter((p) => p.state === 'batch_reissued').map((p) => p.subsidyId)]);
  const settle = async (key: string, fundId: string) => {
    const batch = await commands.paymentBatches.create(fundId, nanmingOperator(`batch:${key}:create`)).catch(() => null);
    if (!batch || batch.orderCount === 0) return;
    const file = await commands.paymentBatches.issueFile(batch.batchId, nanmingOperator(`batch:${key}:issue`));
    const { lines } = parsePaymentFile(file.content);
    const { orders } = await commands.paymentBatches.load(batch.batchId);
    // The bank's answer: a frozen card or a closed account for the orders meant to fail, paid otherwise.
    const results = lines.map((line, i) => {
      const order = orders.find((o) => o.paymentId === line.paymentId);
      return order && failing.has(order.applicationId)
        ? { paymentId: line.paymentId, status: 'failed' as const, amountFen: line.amountFen, bankRef: '', reason: i % 2 === 0 ? '收款账户已冻结' : '收款账户已销户' }
        : { paymentId: line.paymentId, status: 'paid' as const, amountFen: line.amountFen, bankRef: `GZB${uuidv5(line.paymentId, NAMESPACE).slice(0, 10).toUpperCase()}`, reason: '' };
    });
    await commands.paymentBatches.importResults(batch.batchId, renderResultFile(batch.batchId, results), nanmingOperator(`batch:${key}:import`));
  };
  for (const f of funds) await settle(`first:${f!.fundId}`, f!.fundId);

  // 重新支付 of the personal subsidy whose card was frozen: 南明区人社局 asks with the person's new card,
  // the county and the prefecture approve (the amount reserved again), and a second batch pays it.
  for (const p of personalAssigned.filter((q) => q.state === 'batch_reissued')) {
    const record = await commands.personalSubsidies.load(p.subsidyId!);
    if (record.status !== 'active' || record.current.payment?.status !== 'failed') {
      ctx.log('补贴与资金：演示的个人补贴未能支付失败（学员信息中没有社保卡金融账户），不演示重新支付');
      continue;
    }
    const payload = `62170000${String(parseInt(p.subsidyId!.replace(/-/g, '').slice(0, 8), 16) % 1e10).padStart(10, '0')}`;
    wrote(await commands.personalSubsidies.requestReissue(p.subsidyId!, { reason: '原社保卡金融账户已冻结，本人已换领新社保卡', account: `${payload}${luhnCheckDigit(payload)}`, accountName: record.personName }, nanmingOperator(`reissue:${p.subsidyId}`)));
    await approve(p.streamId!, NANMING, `reissue:${p.subsidyId}`);
  }
  failing.clear();
  await caughtUp();
  for (const f of funds) await settle(`reissue:${f!.fundId}`, f!.fundId);

  // 6. The other states: a draft, one in review, in 公示 (approved today), with an open objection, payable (approved a month ago, not yet in a batch).
  for (const c of assigned.filter((a) => !a.state.startsWith('batch'))) {
    const monthAgo = c.state === 'payable' ? MONTH_AGO() : undefined;
    await apply(c, monthAgo);
    if (c.state === 'draft' || c.state === 'pending') continue;
    await approve(c.streamId!, c.payerId, `funding:${c.classId}`, monthAgo);
    if (c.state === 'objection') {
      // Recorded by the province (above the payer), from a call to the hotline.
      await commands.subsidyApplications.recordObjection(c.applicationId!, id(`objection:${c.classId}`), { participantId: null, content: '群众来电反映该班部分学员未实际参训', receivedOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), channel: '来电' }, provinceOperator(`objection:${c.classId}`));
    }
  }
  for (const [index, p] of personalAssigned.entries()) if (p.state !== 'batch_paid') await applyPersonal(p, index, p.state === 'payable' ? MONTH_AGO() : undefined);
  ctx.log(`补贴与资金：${assigned.length} 个机构培训经费申报、${personalAssigned.length} 个个人补贴`);
}
