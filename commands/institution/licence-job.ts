// Daily licence check (node-cron): institutions whose licence ends within the notice period are
// told once; those past it are suspended. The job is the actor of the events it causes.
import { randomUUID } from 'node:crypto';
import cron from 'node-cron';
import { LICENCE_NOTICE_DAYS } from '../../domain/institution/institution';
import { chinaDate } from '../../domain/personal-data/normalize';
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

/** Schedules the check every day at 02:00 China time. */
export function scheduleLicenceJob(directory: InstitutionDirectory, institutions: InstitutionCommands, onError: (error: unknown) => void) {
  return cron.schedule('0 2 * * *', () => void runLicenceCheck(directory, institutions).catch(onError), { timezone: 'Asia/Shanghai' });
}
