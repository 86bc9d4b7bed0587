// 定时任务 (issue 16 §3): the registry of the platform's node-cron jobs (commands/jobs/job-registry.ts),
// built here empty and filled by scripts/start.ts; its GraphQL part for the system administrator.
import { createJobRegistry } from '../../commands/jobs/job-registry';
import { JOB_EVENT_LABELS } from '../../domain/jobs/job';
import { defineModule } from '../module';
import { jobsResolvers, jobsTypeDefs } from './jobs-graphql';

export const jobModule = defineModule({
  name: 'job',
  label: '定时任务',
  eventLabels: JOB_EVENT_LABELS,
  graphql: [{ typeDefs: jobsTypeDefs, resolvers: jobsResolvers }],
  commands: (deps) => ({ jobs: createJobRegistry({ store: deps.store, knex: deps.knex }) }),
  permissions: ['job:manage'],
});
