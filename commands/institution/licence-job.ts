// Daily licence check (node-cron): institutions whose licence ends within the notice period are
// told once; those past it are suspended. The job is the actor of the events it causes.
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { LICENCE_NOTICE_DAYS } from '../../domain/institution/institution';
import { chinaDate } from '../../domain/personal-data/normalize';
import type { JobDefinition } from '../jobs/job-registry';
import type { InstitutionDirectory } from './institution-directory';
import type { RequestContext } from '../pipeline/request-context';
import type { InstitutionCommands } from './institution-commands';

const JOB_ACTOR = { id: 'system:licence-job', role: 'system', orgId: null };

export async function runLicenceCheck(directory: InstitutionDirectory, institutions: InstitutionCommands, now = new Date()): Promise<{ checked: number; events: number }> {
  const horizon = chinaDate(new Date(now.getTime() + LICENCE_NOTICE_DAYS * 86_400_000).toISOString());
  const due = await directory.licencesEndingBy(horizon);
  const correlationId = randomUUID();
  let events = 0;
  for (const id of due) {
    const commandId = randomUUID();
    const request: RequestContext = { actor: JOB_ACTOR, commandId, correlationId, ip: null, now };
    events += (await institutions.checkLicence(id, request)).events.length;
  }
  return { checked: due.length, events };
}

/** The check as a job of the registry (commands/jobs/job-registry.ts): every day at 02:00 China time. */
export function licenceJob(directory: InstitutionDirectory, institutions: InstitutionCommands): JobDefinition {
  return {
    name: 'licence-check',
    label: '办学许可证到期检查',
    description: '许可证 30 天内到期的机构提醒一次，已过期的机构暂停',
    schedule: LICENCE_CRON,
    timezone: 'Asia/Shanghai',
    async run() {
      const { checked, events } = await runLicenceCheck(directory, institutions);
      return `检查 ${checked} 个机构，记录 ${events} 个事件`;
    },
  };
}

const LICENCE_CRON = '0 2 * * *';

/** Schedules the check every day at 02:00 China time (outside the registry). */
export function scheduleLicenceJob(directory: InstitutionDirectory, institutions: InstitutionCommands, onError: (error: unknown) => void) {
  return cron.schedule(LICENCE_CRON, () => void runLicenceCheck(directory, institutions).catch(onError), { timezone: 'Asia/Shanghai' });
}
