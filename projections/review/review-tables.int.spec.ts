// rm.review_tasks (one row per reviewable record: where its review stands and whose inbox holds it)
// and rm.review_history (one row per review step: who decided what, at which level, and why).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { institutionDecider, type InstitutionCommand } from '../../domain/institution/institution';
import type { CommandContext } from '../../domain/shared/decider';
import { startProjectionHarness, type ProjectionHarness } from '../../testing/projection-harness';
import { actor, institutionDetails } from '../../testing/record-fixtures';
import { reviewHistoryProjection, reviewHistoryTable, reviewTasksProjection, reviewTasksTable } from './review-tables';

const COUNTY = 'auth-520102';
const CITY = 'auth-520100';
const T1 = '2026-07-01T01:00:00.000Z';
const T2 = '2026-07-02T01:00:00.000Z';
const T3 = '2026-07-03T01:00:00.000Z';
const T4 = '2026-07-04T01:00:00.000Z';
const T5 = '2026-07-05T01:00:00.000Z';
const registrar = (now: string) => actor('registrar', COUNTY, now, 'authority_operator');
const countyReviewer = (now: string) => actor('county-reviewer', COUNTY, now, 'reviewer');
const cityReviewer = (now: string) => actor('city-reviewer', CITY, now, 'reviewer');
const authorities = { county: COUNTY, city: CITY };
const attachments = [{ fileId: 'file-site', name: '场地照片.jpg' }];

describe('review tasks and review history', () => {
  let h: ProjectionHarness;
  beforeAll(async () => {
    h = await startProjectionHarness([reviewTasksProjection, reviewHistoryProjection]);
  });
  afterAll(async () => h?.close());

  const register = async () => {
    const id = `inst-${randomUUID()}`;
    const stream = `institution-${id}`;
    const on = (command: InstitutionCommand, context: CommandContext) => h.decide(institutionDecider, stream, command, context);
    await on({ type: 'RegisterInstitution', institutionId: id, details: institutionDetails('阳光职业技能培训学校', COUNTY), confirmedWarnings: [] }, registrar(T1));
    return { stream, on };
  };
  const task = (stream: string) => reviewTasksTable(h.knex).where({ stream_id: stream }).first();
  const history = (stream: string) => reviewHistoryTable(h.knex).where({ stream_id: stream }).orderBy('revision');

  /** Submitted, approved by the county with an attachment, returned by the city, withdrawn after resubmitting, resubmitted and rejected. */
  const rejectedAfterAllSteps = async () => {
    const { stream, on } = await register();
    await on({ type: 'SubmitForReview', authorities, note: '请审核' }, registrar(T1));
    await on({ type: 'ApproveReview', opinion: '材料齐全', attachments }, countyReviewer(T2));
    await on({ type: 'ReturnReview', reason: '请补充培训场地证明材料' }, cityReviewer(T3));
    await on({ type: 'SubmitForReview', authorities, note: '已补充' }, registrar(T3));
    await on({ type: 'WithdrawReview', reason: '材料有误' }, registrar(T4));
    await on({ type: 'SubmitForReview', authorities }, registrar(T4));
    await on({ type: 'RejectReview', reason: '不符合设立条件' }, countyReviewer(T5));
    return stream;
  };

  it('puts a submitted record in its county\'s inbox, then its city\'s', async () => {
    const { stream, on } = await register();
    await on({ type: 'SubmitForReview', authorities, note: '请审核' }, registrar(T1));
    await h.caughtUp();
    expect(await task(stream)).toMatchObject({
      stream_id: stream,
      module: 'institution',
      title: '阳光职业技能培训学校',
      status: 'pending',
      round: 1,
      level: 'county',
      authority_id: COUNTY,
      submitter_org_id: COUNTY,
      submitted_at: T1,
      updated_at: T1,
    });

    await on({ type: 'ApproveReview', opinion: '同意' }, countyReviewer(T2));
    await h.caughtUp();
    expect(await task(stream)).toMatchObject({ status: 'pending', round: 1, level: 'city', authority_id: CITY, submitted_at: T1, updated_at: T2 });

    await on({ type: 'ApproveReview', opinion: '同意' }, cityReviewer(T3));
    await h.caughtUp();
    // Decided: in nobody's inbox.
    expect(await task(stream)).toMatchObject({ status: 'approved', level: null, authority_id: null, updated_at: T3 });
  });

  it('records every step with its round, level, opinion or reason, attachments and actor; the task ends rejected', async () => {
    const stream = await rejectedAfterAllSteps();
    await h.caughtUp();
    expect((await history(stream)).map((r) => [r.revision, r.action, r.round, r.level, r.opinion, r.attachments, r.actor_id, r.actor_org_id, r.occurred_at])).toEqual([
      [1, 'submitted', 1, null, '请审核', [], 'registrar', COUNTY, T1],
      [2, 'approved', 1, 'county', '材料齐全', attachments, 'county-reviewer', COUNTY, T2],
      [3, 'returned', 1, 'city', '请补充培训场地证明材料', [], 'city-reviewer', CITY, T3],
      [4, 'submitted', 2, null, '已补充', [], 'registrar', COUNTY, T3],
      [5, 'withdrawn', 2, null, '材料有误', [], 'registrar', COUNTY, T4],
      [6, 'submitted', 3, null, '', [], 'registrar', COUNTY, T4],
      [7, 'rejected', 3, 'county', '不符合设立条件', [], 'county-reviewer', COUNTY, T5],
    ]);
    const events = await h.store.readStream(stream);
    expect((await history(stream)).map((r) => [r.event_id, r.position])).toEqual(events.slice(1).map((e) => [e.id, e.position.toString()]));
    expect(await task(stream)).toMatchObject({ status: 'rejected', round: 3, level: null, authority_id: null, submitted_at: T4, updated_at: T5 });
  });

  it('holds the same rows when the same events are fed again, and when rebuilt from the log', async () => {
    const rejected = await rejectedAfterAllSteps();
    const { stream: pending, on } = await register();
    await on({ type: 'SubmitForReview', authorities }, registrar(T1));
    await on({ type: 'ApproveReview', opinion: '同意' }, countyReviewer(T2));
    await h.caughtUp();
    const rows = async () => ({
      tasks: await reviewTasksTable(h.knex).whereIn('stream_id', [rejected, pending]).orderBy('stream_id'),
      history: await reviewHistoryTable(h.knex).whereIn('stream_id', [rejected, pending]).orderBy(['stream_id', 'revision']),
    });
    const before = await rows();
    expect(before.tasks).toHaveLength(2);
    expect(before.history).toHaveLength(9);

    await h.replayed();
    expect(await rows()).toEqual(before);
    await h.rebuilt();
    expect(await rows()).toEqual(before);
  });
});
