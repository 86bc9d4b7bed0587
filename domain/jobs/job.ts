// 定时任务: what an administrator does to a scheduled job is a fact on the job's stream (job-<name>):
// pausing it (with a reason), resuming it, and asking for a run now. The runs themselves are kept in
// the job_runs table (commands/jobs/job-registry.ts says why they are not events).
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { parseInput, requiredText } from '../shared/validation';

export type JobPaused = DomainEvent<'JobPaused', { job: string; reason: string }>;
export type JobResumed = DomainEvent<'JobResumed', { job: string }>;
export type JobRunRequested = DomainEvent<'JobRunRequested', { job: string; runId: string }>;
export type JobEvent = JobPaused | JobResumed | JobRunRequested;

export type JobState = { status: 'active' } | { status: 'paused'; reason: string };

export type JobCommand = { type: 'PauseJob'; job: string; reason: string } | { type: 'ResumeJob'; job: string } | { type: 'RequestJobRun'; job: string; runId: string };

const pauseSchema = z.object({ reason: requiredText('暂停原因', 200, { multiline: true }) });

function decide(command: JobCommand, state: JobState): JobEvent[] {
  switch (command.type) {
    case 'PauseJob': {
      if (state.status === 'paused') return [];
      const { reason } = parseInput(pauseSchema, { reason: command.reason });
      return [{ type: 'JobPaused', data: { job: command.job, reason } }];
    }
    case 'ResumeJob':
      return state.status === 'paused' ? [{ type: 'JobResumed', data: { job: command.job } }] : [];
    case 'RequestJobRun':
      // A paused job may still be run by hand (RuoYi's 执行一次): pausing stops its schedule only.
      return [{ type: 'JobRunRequested', data: { job: command.job, runId: command.runId } }];
    default:
      return assertNever(command);
  }
}

function evolve(state: JobState, event: JobEvent): JobState {
  switch (event.type) {
    case 'JobPaused':
      return { status: 'paused', reason: event.data.reason };
    case 'JobResumed':
      return { status: 'active' };
    case 'JobRunRequested':
      return state;
    default:
      return assertNever(event);
  }
}

export const jobDecider: Decider<JobCommand, JobEvent, JobState> = { initialState: () => ({ status: 'active' }), evolve, decide };
export const jobStreamId = (job: string) => `job-${job}`;

export const JOB_EVENT_LABELS: Record<JobEvent['type'], string> = { JobPaused: '暂停定时任务', JobResumed: '恢复定时任务', JobRunRequested: '立即执行定时任务' };
export const JOB_TRIGGER_LABELS = { schedule: '按计划', manual: '手动执行' } as const;
export const JOB_OUTCOME_LABELS = { running: '运行中', succeeded: '成功', failed: '失败', interrupted: '中断' } as const;
export type JobTrigger = keyof typeof JOB_TRIGGER_LABELS;
export type JobOutcome = keyof typeof JOB_OUTCOME_LABELS;
