/**
 * What the Postgres event store needs from the database it runs on, applied and checked at start.
 *
 * 1. Bounded transactions. Readers stop at the fence (the oldest running transaction id, see
 *    fence.ts), so one write transaction left open stops every subscriber until it ends. The
 *    platform sets, for its own database, a bound on a forgotten idle transaction and on a runaway
 *    statement, and refuses to start when it cannot and they are unbounded: an unbounded one turns
 *    a forgotten psql session into an outage of every projection, search update and
 *    read-after-write with no error anywhere, which is worse than not starting. The platform
 *    normally owns its database (it creates the tables), so this only stops a start where an
 *    administrator must act once; the message gives the statement to run.
 * 2. Positions below the transaction counter. Positions are (transaction id << 16) + index, so a
 *    logical dump restored into a cluster whose counter is lower leaves every stored position above
 *    the fence: readAll returns nothing and new appends sort below the old events, silently. The
 *    event log refuses to serve such a database (checked at start and on first use).
 */
import pg from 'pg';

export interface TimeoutRequirement {
  name: 'idle_in_transaction_session_timeout' | 'statement_timeout';
  /** What the platform sets when the database leaves it unbounded (0). */
  value: string;
  milliseconds: number;
}

/**
 * idle_in_transaction: no code of the platform sits idle inside a transaction (an export's read-only
 * cursor sets its own, longer, local value and holds no transaction id), so a minute only ever ends
 * a forgotten session. statement_timeout: far above the longest statement the platform runs (a
 * rebuild batch, a migration on an empty table take seconds), low enough that a runaway statement
 * does not hold every subscriber for hours; operations that need longer set it for their session.
 */
export const TIMEOUT_REQUIREMENTS: readonly TimeoutRequirement[] = [
  { name: 'idle_in_transaction_session_timeout', value: '60s', milliseconds: 60_000 },
  { name: 'statement_timeout', value: '5min', milliseconds: 300_000 },
];

export interface TimeoutSetting {
  name: string;
  milliseconds: number;
  /** pg_settings.source: `database`, `user`, `configuration file`, `command line`, `default`, `client`... */
  source: string;
}

export interface TimeoutReport {
  /** Settings the platform set on the database (ALTER DATABASE ... SET) during this start. */
  applied: string[];
  /** What new sessions of this database get now. */
  settings: TimeoutSetting[];
  /** Things that work but an operator should know (a bound above the platform's, prepared transactions enabled). */
  warnings: string[];
}

/** The statement that bounds one setting for new sessions, given where its 0 comes from. */
function fixFor(setting: TimeoutSetting, database: string, role: string): string {
  const value = TIMEOUT_REQUIREMENTS.find((r) => r.name === setting.name)!.value;
  switch (setting.source) {
    case 'user': // ALTER ROLE ... SET: wins over the database's setting
      return `ALTER ROLE "${role}" RESET ${setting.name};`;
    case 'database user': // ALTER ROLE ... IN DATABASE ... SET: wins over both
      return `ALTER ROLE "${role}" IN DATABASE "${database}" RESET ${setting.name};`;
    case 'client': // options=-c ... in the connection string or PGOPTIONS
      return `(remove -c ${setting.name}=0 from the connection options)`;
    default:
      return `ALTER DATABASE "${database}" SET ${setting.name} = '${value}';`;
  }
}

export class UnboundedTimeoutsError extends Error {
  constructor(
    readonly unbounded: TimeoutSetting[],
    readonly database: string,
    role: string,
    reasons: string[],
  ) {
    const names = unbounded.map((s) => s.name).join(', ');
    const fixes = unbounded.map((s) => fixFor(s, database, role)).join(' ');
    const sources = unbounded.map((s) => `${s.name}: ${s.source}`).join(', ');
    super(
      `事件库所在数据库未限制事务时长（${names} = 0，来源 ${sources}），平台未能设置${reasons.length ? `（${reasons.join('；')}）` : ''}。` +
        `任何一个未结束的写事务都会让所有订阅者（投影、搜索、读己之写）停止前进且不报错，因此拒绝启动。请由数据库所有者或超级用户执行：${fixes} 然后重新启动。` +
        `\nThe event store's database does not bound transactions (${names} = 0, from ${sources}) and the platform could not set it: one open write ` +
        `transaction would stop every subscriber silently, so the platform refuses to start. As the database owner or a superuser run: ${fixes} then start again.`,
    );
    this.name = 'UnboundedTimeoutsError';
  }
}

const SETTINGS_SQL = `SELECT name, setting::bigint AS milliseconds, source FROM pg_settings WHERE name = ANY($1::text[])`;

async function withClient<T>(connectionString: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** What a new session of this database gets (database, role and connection settings included). */
async function readTimeouts(connectionString: string): Promise<{ database: string; role: string; settings: TimeoutSetting[]; maxPrepared: number }> {
  return withClient(connectionString, async (client) => {
    const names = TIMEOUT_REQUIREMENTS.map((r) => r.name);
    const rows = (await client.query<{ name: string; milliseconds: string; source: string }>(SETTINGS_SQL, [names])).rows;
    const other = (await client.query<{ database: string; role: string; max_prepared: string }>(`SELECT current_database() AS database, current_user AS role, current_setting('max_prepared_transactions') AS max_prepared`)).rows[0]!;
    return {
      database: other.database,
      role: other.role,
      settings: rows.map((r) => ({ name: r.name, milliseconds: Number(r.milliseconds), source: r.source })),
      maxPrepared: Number(other.max_prepared),
    };
  });
}

/**
 * Sets the timeouts the event store relies on for its database where they are unbounded, and
 * checks what new sessions then get. A bound an operator chose is kept, even above the platform's
 * (with a warning): it is their call, and it is still a bound. Sessions opened before this ran keep
 * their old values until they reconnect (a database setting applies at connection).
 */
export async function ensureTransactionTimeouts(connectionString: string): Promise<TimeoutReport> {
  const before = await readTimeouts(connectionString);
  const applied: string[] = [];
  const reasons: string[] = [];
  const missing = before.settings.filter((s) => s.milliseconds === 0);
  if (missing.length > 0) {
    await withClient(connectionString, async (client) => {
      for (const setting of missing) {
        const requirement = TIMEOUT_REQUIREMENTS.find((r) => r.name === setting.name)!;
        try {
          // ALTER DATABASE takes no parameters: the identifier and literal are quoted by format().
          const { rows } = await client.query<{ sql: string }>(`SELECT format('ALTER DATABASE %I SET %s = %L', current_database(), $1::text, $2::text) AS sql`, [requirement.name, requirement.value]);
          await client.query(rows[0]!.sql);
          applied.push(`${requirement.name} = ${requirement.value}`);
        } catch (error) {
          reasons.push(`${requirement.name}: ${(error as Error).message}`);
        }
      }
    });
  }
  const after = missing.length > 0 ? await readTimeouts(connectionString) : before;
  const unbounded = after.settings.filter((s) => s.milliseconds === 0);
  if (unbounded.length > 0) throw new UnboundedTimeoutsError(unbounded, after.database, after.role, reasons);

  const warnings: string[] = [];
  for (const setting of after.settings) {
    const requirement = TIMEOUT_REQUIREMENTS.find((r) => r.name === setting.name)!;
    if (setting.milliseconds > requirement.milliseconds) {
      warnings.push(
        `${setting.name} 为 ${setting.milliseconds / 1000} 秒（来源 ${setting.source}），高于平台的 ${requirement.value}：一个未结束的写事务最长可让事件投递停顿这么久。` +
          ` / ${setting.name} is ${setting.milliseconds / 1000} s (from ${setting.source}), above the platform's ${requirement.value}: an open write transaction can hold event delivery that long.`,
      );
    }
  }
  if (after.maxPrepared > 0) {
    warnings.push(
      `max_prepared_transactions = ${after.maxPrepared}：预备事务（PREPARE TRANSACTION）不受任何超时约束，且跨重启保留，在 COMMIT/ROLLBACK PREPARED 之前一直阻塞事件投递；除非确有需要，请设为 0。` +
        ` / max_prepared_transactions = ${after.maxPrepared}: a prepared transaction is bounded by no timeout, survives restarts and holds event delivery until COMMIT/ROLLBACK PREPARED; set it to 0 unless needed.`,
    );
  }
  return { applied, settings: after.settings, warnings };
}

export class PositionsAheadOfTransactionCounterError extends Error {
  constructor(
    readonly highestTransaction: bigint,
    readonly nextTransaction: bigint,
  ) {
    const fix = resetWalArguments(highestTransaction, nextTransaction);
    super(
      `事件库中最高的位置属于事务 ${highestTransaction}，而本集群的事务计数器才到 ${nextTransaction}：该数据库是用逻辑转储（pg_dump / pg_restore）恢复到了一个事务计数器更低的集群。` +
        `事件位置由事务号得出，继续运行会让订阅者读不到任何已有事件、新事件排在旧事件之前，因此拒绝运行。` +
        `修复：改用物理备份（pg_basebackup、文件系统快照、时间点恢复）或 pg_upgrade，它们保留事务计数器；或者推进本集群的事务计数器：正常停止数据库后执行 ` +
        `pg_resetwal ${fix} -D <数据目录>（pg_upgrade 也是用它带过事务计数器的），再启动。详见 README“备份与恢复”。` +
        `\nThe event store's highest position belongs to transaction ${highestTransaction}, but this cluster's transaction counter is at ${nextTransaction}: ` +
        `the database was restored from a logical dump into a cluster with a lower counter. Positions derive from transaction ids, so running on would ` +
        `make subscribers read none of the stored events and sort new events below old ones; refusing to run. Fix: restore from a physical backup ` +
        `(pg_basebackup, file-system snapshot, point-in-time recovery) or use pg_upgrade, which keep the counter; or advance this cluster's counter: ` +
        `stop the server cleanly, run pg_resetwal ${fix} -D <data directory> (the tool pg_upgrade uses to carry the counter over), start it. See README, "Backups".`,
    );
    this.name = 'PositionsAheadOfTransactionCounterError';
  }
}

const SEGMENT = 1n << 20n; // transaction ids per pg_xact segment (32 pages of 32,768)
const EPOCH = 1n << 32n;

/**
 * Arguments for pg_resetwal that put the next transaction id above `highest` on this cluster:
 * the epoch after the highest stored one (so every new id is above every stored position) and a
 * 32-bit id one to two pg_xact segments past the current counter, on a segment boundary. Moving
 * the 32-bit counter only that little keeps the wraparound horizon where it was, and a boundary
 * needs no pg_xact page that does not exist yet (the server zeroes new pages itself).
 */
export function resetWalArguments(highest: bigint, next: bigint): string {
  let epoch = (highest >> 32n) + 1n;
  let xid = ((next % EPOCH) / SEGMENT + 2n) * SEGMENT;
  if (xid >= EPOCH) {
    xid -= EPOCH;
    epoch += 1n;
  }
  return `-e ${epoch} -x ${xid}`;
}

/**
 * Refuses a database whose stored positions are not all below this cluster's transaction counter.
 * pg_snapshot_xmax is the next id to be assigned; reading it takes no id of our own.
 */
export async function checkPositionsBelowTransactionCounter(query: <T extends object>(sql: string) => Promise<T[]>): Promise<void> {
  const [row] = await query<{ highest: string | null; next: string }>(
    `SELECT (SELECT max(position) FROM events) >> 16 AS highest, pg_snapshot_xmax(pg_current_snapshot())::text AS next`,
  );
  if (!row || row.highest == null) return;
  const highest = BigInt(row.highest);
  const next = BigInt(row.next);
  if (highest >= next) throw new PositionsAheadOfTransactionCounterError(highest, next);
}
