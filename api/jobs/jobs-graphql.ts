// 定时任务 over GraphQL (system administrator, job:manage): every registered job with its schedule,
// state, next and last run; its run history; run now, pause (with a reason) and resume, each an event
// on the job's stream. The jobs are the platform's own (no organisation): the permission is the scope.
import { JOB_OUTCOME_LABELS, JOB_TRIGGER_LABELS } from '../../domain/jobs/job';
import { userNames } from '../../projections/identity/user-names';
import type { JobRunRow } from '../../commands/jobs/job-registry';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { fetchPage, pageTypeDefs, parsePage, refuseSort } from '../graphql/pagination';

export const jobsTypeDefs = /* GraphQL */ `
  "定时任务的一次运行"
  type JobRun {
    id: ID!
    job: String!
    "schedule 按计划 / manual 手动执行"
    trigger: String!
    triggerLabel: String!
    requestedBy: String
    requestedByName: String
    startedAt: String!
    finishedAt: String
    "running / succeeded / failed / interrupted"
    outcome: String!
    outcomeLabel: String!
    durationMs: Int
    summary: String
    error: String
  }
  ${pageTypeDefs('JobRun')}
  "定时任务"
  type ScheduledJob {
    name: ID!
    label: String!
    description: String!
    "cron 表达式"
    schedule: String!
    timezone: String
    paused: Boolean!
    pauseReason: String
    running: Boolean!
    nextRunAt: String
    lastRun: JobRun
  }
  extend type Query {
    "全部定时任务"
    scheduledJobs: [ScheduledJob!]!
    "一个任务的运行记录，最新的在前"
    jobRuns(job: ID!, page: PageInput): JobRunPage!
  }
  extend type Mutation {
    "立即执行一次（记录为事件；任务开始后即返回）"
    runJobNow(job: ID!, commandId: ID): CommandResult!
    "暂停：按计划的运行跳过，直到恢复"
    pauseJob(job: ID!, reason: String!, commandId: ID): CommandResult!
    resumeJob(job: ID!, commandId: ID): CommandResult!
  }
`;

const runOut = (names: Map<string, string>) => (r: JobRunRow) => ({
  id: r.id,
  job: r.job,
  trigger: r.trigger,
  triggerLabel: JOB_TRIGGER_LABELS[r.trigger] ?? r.trigger,
  requestedBy: r.requested_by,
  requestedByName: r.requested_by ? (names.get(r.requested_by) ?? null) : null,
  startedAt: r.started_at.toISOString(),
  finishedAt: r.finished_at?.toISOString() ?? null,
  outcome: r.outcome,
  outcomeLabel: JOB_OUTCOME_LABELS[r.outcome] ?? r.outcome,
  durationMs: r.duration_ms,
  summary: r.summary,
  error: r.error,
});

export const jobsResolvers = {
  Query: {
    async scheduledJobs(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.require('job:manage');
      const jobs = await ctx.platform.commands.jobs.list();
      const names = await userNames(ctx.platform.knex, jobs.flatMap((j) => (j.lastRun?.requested_by ? [j.lastRun.requested_by] : [])));
      return jobs.map((j) => ({
        name: j.definition.name,
        label: j.definition.label,
        description: j.definition.description,
        schedule: j.definition.schedule,
        timezone: j.definition.timezone ?? null,
        paused: j.state.status === 'paused',
        pauseReason: j.state.status === 'paused' ? j.state.reason : null,
        running: j.running,
        nextRunAt: j.nextRunAt?.toISOString() ?? null,
        lastRun: j.lastRun ? runOut(names)(j.lastRun) : null,
      }));
    },
    async jobRuns(_: unknown, args: { job: string; page?: unknown }, ctx: GraphQLContext) {
      ctx.require('job:manage');
      const page = parsePage(args.page);
      refuseSort(page, '运行记录按开始时间倒序排列，不支持指定排序');
      const result = await fetchPage<JobRunRow>(ctx.platform.commands.jobs.history(args.job), page, [
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
      const names = await userNames(ctx.platform.knex, result.items.flatMap((r) => (r.requested_by ? [r.requested_by] : [])));
      return { ...result, items: result.items.map(runOut(names)) };
    },
  },
  Mutation: {
    async runJobNow(_: unknown, args: { job: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('job:manage');
      const { result } = await ctx.platform.commands.jobs.runNow(args.job, ctx.request(args.commandId));
      return commandOutcome(result, args.job);
    },
    async pauseJob(_: unknown, args: { job: string; reason: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('job:manage');
      return commandOutcome(await ctx.platform.commands.jobs.pause(args.job, args.reason, ctx.request(args.commandId)), args.job);
    },
    async resumeJob(_: unknown, args: { job: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('job:manage');
      return commandOutcome(await ctx.platform.commands.jobs.resume(args.job, ctx.request(args.commandId)), args.job);
    },
  },
};
