// Configuration comes from the environment only. With nothing set, the embedded defaults run.
import path from 'node:path';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** External Postgres; absent: the embedded server is started (scripts/start.ts). */
  databaseUrl: string | undefined;
  /** esdb://... for EventStoreDB/KurrentDB; absent: the Postgres event store. */
  eventStoreUrl: string | undefined;
  meiliHost: string | undefined;
  meiliApiKey: string | undefined;
  /** Seconds a query waits for projections to reach a client's own write (read-your-writes). */
  readAfterWriteTimeoutMs: number;
  /** Behind a reverse proxy, trust its X-Forwarded-For for the client address. */
  trustProxy: boolean;
  /** Set the Secure flag on cookies (HTTPS deployments). */
  secureCookies: boolean;
  logLevel: string;
  /**
   * Days audit and security events must be kept (Cybersecurity Law art. 21: at least 180). Events
   * are never deleted by anything in this system; the setting exists so an archive policy can be
   * stated, and anything shorter than 180 days is refused at start-up.
   */
  auditRetentionDays: number;
  /**
   * Load the demo province and demo users at start (scripts/demo-data.ts). Never in production
   * (NODE_ENV=production, as the Docker image sets it): a real database must not receive fake
   * institutions, trainees and accounts; its first administrators come from `init-admins`.
   */
  demoData: boolean;
  /** Single sign-on with the province's unified authentication (OpenID Connect); absent: off. */
  oidc: { issuer: string; clientId: string; clientSecret: string; redirectUri: string; allowHttp: boolean } | undefined;
}

const int = (value: string | undefined, fallback: number, name: string) => {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`environment variable ${name} must be a positive integer, got "${value}"`);
  return n;
};

const MIN_AUDIT_RETENTION_DAYS = 180;

function retention(value: string | undefined): number {
  const days = int(value, MIN_AUDIT_RETENTION_DAYS, 'AUDIT_RETENTION_DAYS');
  if (days < MIN_AUDIT_RETENTION_DAYS) {
    throw new Error(`AUDIT_RETENTION_DAYS must be at least ${MIN_AUDIT_RETENTION_DAYS} (审计日志至少保存180天), got ${days}`);
  }
  return days;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: int(env.PORT, 4000, 'PORT'),
    host: env.HOST ?? '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR ?? '.data'),
    databaseUrl: env.DATABASE_URL || undefined,
    eventStoreUrl: env.EVENTSTORE_URL || undefined,
    meiliHost: env.MEILI_HOST || undefined,
    meiliApiKey: env.MEILI_API_KEY || undefined,
    readAfterWriteTimeoutMs: int(env.READ_AFTER_WRITE_TIMEOUT_MS, 5000, 'READ_AFTER_WRITE_TIMEOUT_MS'),
    trustProxy: env.TRUST_PROXY === '1',
    secureCookies: env.SECURE_COOKIES === '1',
    logLevel: env.LOG_LEVEL ?? 'info',
    auditRetentionDays: retention(env.AUDIT_RETENTION_DAYS),
    demoData: env.NODE_ENV !== 'production',
    oidc:
      env.OIDC_ISSUER && env.OIDC_CLIENT_ID
        ? {
            issuer: env.OIDC_ISSUER,
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET ?? '',
            redirectUri: env.OIDC_REDIRECT_URI ?? `http://127.0.0.1:${env.PORT ?? 4000}/auth/oidc/callback`,
            // Plain http only for a provider on this machine (tests, local development).
            allowHttp: env.OIDC_ALLOW_HTTP === '1',
          }
        : undefined,
  };
}
