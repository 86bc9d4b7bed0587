// 服务监控 (issue 16 §3): the platform's health figures over an hour, for the administrators.
// The sampler runs in the API process (scripts/start.ts starts it); the figures are those of
// /healthz and /metrics (api/health/health.ts).
import { defineModule } from '../module';
import { monitorResolvers, monitorTypeDefs } from './monitor';

export const monitorModule = defineModule({
  name: 'monitor',
  label: '服务监控',
  graphql: [{ typeDefs: monitorTypeDefs, resolvers: monitorResolvers }],
  permissions: ['monitor:read'],
});
