// What people call the streams the audit log and the replay name: a record by its title (the
// module's own search summary: a name, an occupation, an institution), a user by display name, an
// organisation by name, a role by its label, the day's security stream by its date. The stream id
// stays the key (filters, replay links); this is only what is shown beside it.
import type { Knex } from 'knex';
import { SECURITY_POLICY_STREAM } from '../../domain/identity/security-policy';
import { PERSONAL_DATA_VIEWS_MODULE } from '../../domain/personal-data/personal-data-viewed';
import { organizationNames } from '../../projections/organization/organization-names';
import { userNames } from '../../projections/identity/user-names';
import type { ModuleRegistry } from '../module-registry';
import { roleLabels } from '../identity/role-labels';

export interface StreamTitle {
  /** What kind of thing the stream holds (培训工种, 用户, 安全日志 ...). */
  kind: string;
  /** Its name, when one is known (a record not yet in the read models has none). */
  title: string | null;
}

const SECURITY_DAY = /^security-(\d{4}-\d{2}-\d{2})$/;

/** Titles of the given streams, keyed by stream id (every id answered, with at least its kind). */
export async function streamTitles(knex: Knex, registry: ModuleRegistry, streamIds: Iterable<string>): Promise<Map<string, StreamTitle>> {
  const wanted = [...new Set(streamIds)];
  // A personal-data view is recorded on a stream named after the record viewed: named after it.
  const viewed = new Map(wanted.filter((s) => s.startsWith(`${PERSONAL_DATA_VIEWS_MODULE}-`)).map((s) => [s, s.slice(PERSONAL_DATA_VIEWS_MODULE.length + 1)]));
  const all = [...new Set([...wanted, ...viewed.values()])];
  const idsAfter = (prefix: string) => all.filter((s) => s.startsWith(`${prefix}-`)).map((s) => s.slice(prefix.length + 1));

  const titles = new Map<string, StreamTitle>();
  // Records of every module that summarises its records for the search index.
  for (const m of registry.modules) {
    const source = m.search?.source;
    const ids = source ? idsAfter(source.module) : [];
    if (!source || ids.length === 0) continue;
    for (const s of await source.summaries(knex, ids)) titles.set(s.streamId, { kind: m.label, title: s.title });
  }
  const [users, orgs, roleLabel] = await Promise.all([userNames(knex, [...idsAfter('user'), ...idsAfter('audit-export')]), organizationNames(knex, idsAfter('organization')), roleLabels(knex)]);
  for (const stream of all) {
    if (titles.has(stream)) continue;
    const day = SECURITY_DAY.exec(stream)?.[1];
    const after = (prefix: string) => stream.slice(prefix.length + 1);
    if (day) titles.set(stream, { kind: '安全日志', title: day });
    else if (stream.startsWith('user-')) titles.set(stream, { kind: '用户', title: users.get(after('user')) ?? null });
    else if (stream.startsWith('organization-')) titles.set(stream, { kind: '机构', title: orgs.get(after('organization')) ?? null });
    else if (stream.startsWith('role-')) titles.set(stream, { kind: '角色', title: roleLabel(after('role')) });
    // Exports and downloads are recorded on the exporting user's own stream.
    else if (stream.startsWith('audit-export-')) titles.set(stream, { kind: '导出记录', title: users.get(after('audit-export')) ?? null });
    else if (stream.startsWith('file-')) titles.set(stream, { kind: '文件', title: null });
    else if (stream === SECURITY_POLICY_STREAM) titles.set(stream, { kind: '安全策略', title: null });
    else {
      const found = registry.recordOf(stream);
      const prefix = found?.record.module ?? stream.slice(0, Math.max(0, stream.indexOf('-')));
      titles.set(stream, { kind: found?.record.label ?? registry.labelOf(prefix), title: null });
    }
  }
  for (const [stream, record] of viewed) {
    const of = titles.get(record);
    titles.set(stream, { kind: '个人信息查看', title: of ? [of.kind, of.title].filter(Boolean).join('：') : null });
  }
  return titles;
}

/** `培训工种：茶艺师`, or the kind alone when the name is unknown. */
export const titleText = (title: StreamTitle | undefined): string | null => (title ? (title.title ? `${title.kind}：${title.title}` : title.kind) : null);
