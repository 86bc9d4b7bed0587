// 定时任务 and 服务监控 over real HTTP: the system administrator lists the registered jobs with their
// schedule and next run, runs one now (an event, then a run row with outcome and duration), sees a
// failing run's error, pauses (reason required) and resumes; the monitor answers both
// administrators with the last hour's samples, read models and search index, and no one else.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { waitUntil } from '../../testing/wait-until';

const JOBS = '{ scheduledJobs { name label schedule paused pauseReason running nextRunAt lastRun { outcome } } }';
const RUNS = 'query($j: ID!) { jobRuns(job: $j) { total items { trigger triggerLabel requestedByName outcome outcomeLabel durationMs summary error finishedAt } } }';

describe('scheduled jobs (定时任务) and the platform monitor (服务监控)', () => {
  let api: ApiHarness;
  let sysadmin: Session;
  let secadmin: Session;
  let counted = 0;

  beforeAll(async () => {
    api = await startApiHarness();
    const jobs = api.platform.commands.jobs;
    jobs.register({ name: 'test-count', label: '计数任务', description: '测试用', schedule: '0 3 * * *', timezone: 'Asia/Shanghai', run: async () => `第 ${++counted} 次` });
    jobs.register({ name: 'test-fail', label: '失败任务', description: '测试用', schedule: '0 4 * * *', run: async () => Promise.reject(new Error('外部系统无响应')) });
    await jobs.start();
    [sysadmin, secadmin] = await Promise.all([api.login('systemAdmin'), api.login('securityAdmin')]);
  });
  afterAll(async () => {
    await api.platform.commands.jobs.stop();
    await api.close();
  });

  const runsOf = async (job: string) => (await api.graphql<{ jobRuns: { total: number; items: Record<string, unknown>[] } }>(sysadmin, RUNS, { j: job })).data!.jobRuns;
  const jobEvents = async (job: string) => (await api.platform.store.readStream(`job-${job}`)).map((e) => ({ type: e.type, data: e.data, actorId: e.metadata.actorId }));

  it('lists every registered job with its schedule and next run', async () => {
    const body = await api.graphql<{ scheduledJobs: { name: string; nextRunAt: string | null; paused: boolean; lastRun: unknown }[] }>(sysadmin, JOBS);
    expect(body.errors).toBeUndefined();
    const job = body.data!.scheduledJobs.find((j) => j.name === 'test-count')!;
    expect(job).toMatchObject({ label: '计数任务', schedule: '0 3 * * *', paused: false, running: false, lastRun: null });
    // 03:00 China time is 19:00 UTC.
    expect(job.nextRunAt).toMatch(/T19:00:00\.000Z$/);
  });

  it('runs a job now: an event by the administrator, then a run with outcome, duration and summary', async () => {
    const ran = await api.graphql(sysadmin, 'mutation { runJobNow(job: "test-count") { streamId } }');
    expect(ran.errors).toBeUndefined();
    const runs = await waitUntil(() => runsOf('test-count'), (r) => r.items[0]?.outcome === 'succeeded', { what: 'the run to finish' });
    expect(runs.items[0]).toMatchObject({ trigger: 'manual', triggerLabel: '手动执行', requestedByName: 'systemAdmin', outcomeLabel: '成功', summary: '第 1 次', error: null });
    expect(runs.items[0]!.durationMs).toEqual(expect.any(Number));
    expect(await jobEvents('test-count')).toEqual([{ type: 'JobRunRequested', data: { job: 'test-count', runId: expect.any(String) }, actorId: api.userIds.systemAdmin }]);
  });

  it('records a failing run with its error', async () => {
    expect((await api.graphql(sysadmin, 'mutation { runJobNow(job: "test-fail") { streamId } }')).errors).toBeUndefined();
    const runs = await waitUntil(() => runsOf('test-fail'), (r) => r.items[0]?.outcome === 'failed', { what: 'the failing run to end' });
    expect(runs.items[0]).toMatchObject({ outcomeLabel: '失败', error: '外部系统无响应' });
    const listed = await api.graphql<{ scheduledJobs: { name: string; lastRun: { outcome: string } | null }[] }>(sysadmin, JOBS);
    expect(listed.data!.scheduledJobs.find((j) => j.name === 'test-fail')!.lastRun).toEqual({ outcome: 'failed' });
  });

  it('pauses with a required reason and resumes, each an event; an unknown job is not found', async () => {
    const noReason = await api.graphql(sysadmin, 'mutation { pauseJob(job: "test-count", reason: "") { revision } }');
    expect(noReason.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect((await api.graphql(sysadmin, 'mutation { pauseJob(job: "test-count", reason: "数据迁移期间暂停") { revision } }')).errors).toBeUndefined();
    const paused = await api.graphql<{ scheduledJobs: { name: string; paused: boolean; pauseReason: string; nextRunAt: string | null }[] }>(sysadmin, JOBS);
    expect(paused.data!.scheduledJobs.find((j) => j.name === 'test-count')).toMatchObject({ paused: true, pauseReason: '数据迁移期间暂停', nextRunAt: null });
    expect((await api.graphql(sysadmin, 'mutation { resumeJob(job: "test-count") { revision } }')).errors).toBeUndefined();
    expect((await jobEvents('test-count')).map((e) => [e.type, e.actorId])).toEqual([
      ['JobRunRequested', api.userIds.systemAdmin],
      ['JobPaused', api.userIds.systemAdmin],
      ['JobResumed', api.userIds.systemAdmin],
    ]);
    expect((await api.graphql(sysadmin, 'mutation { runJobNow(job: "no-such-job") { revision } }')).errors![0]!.extensions.code).toBe('NOT_FOUND');
  });

  it('refuses the jobs to anyone without job:manage, writing nothing', async () => {
    const before = (await jobEvents('test-count')).length;
    for (const query of [JOBS, 'mutation { runJobNow(job: "test-count") { revision } }', 'mutation { pauseJob(job: "test-count", reason: "x") { revision } }']) {
      expect((await api.graphql(secadmin, query)).errors![0]!.extensions.code).toBe('FORBIDDEN');
    }
    expect((await jobEvents('test-count')).length).toBe(before);
  });

  it('serves the monitor to both administrators: samples, read models with their lag, search index, database size, memory and CPU', async () => {
    const query = '{ platformMonitor { samples { at headPosition maxLag databaseBytes rssBytes cpuPercent lags { name lag } } current { databaseBytes } readModels { name state lagEvents } search { engine documents error } eventStore } }';
    for (const session of [sysadmin, secadmin]) {
      const body = await api.graphql<{ platformMonitor: { samples: { databaseBytes: number; rssBytes: number; lags: { name: string }[] }[]; readModels: { name: string; state: string }[]; search: { engine: string; documents: number | null }; eventStore: string } }>(session, query);
      expect(body.errors).toBeUndefined();
      const monitor = body.data!.platformMonitor;
      expect(monitor.samples.length).toBeGreaterThanOrEqual(1);
      expect(monitor.samples.at(-1)!.databaseBytes).toBeGreaterThan(1_000_000);
      expect(monitor.samples.at(-1)!.rssBytes).toBeGreaterThan(10_000_000);
      expect(monitor.readModels.map((r) => r.name)).toEqual(expect.arrayContaining(['notices', 'users', 'audit_log']));
      expect(monitor.samples.at(-1)!.lags.map((l) => l.name)).toEqual(expect.arrayContaining(['notices']));
      expect(monitor.search).toEqual({ engine: 'postgres', documents: expect.any(Number), error: null });
      expect(monitor.eventStore).toBe('postgres');
    }
    const reviewer = await api.login('nanmingReviewer');
    expect((await api.graphql(reviewer, '{ platformMonitor { eventStore } }')).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });
});
