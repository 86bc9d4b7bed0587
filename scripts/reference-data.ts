// Reference data every installation needs: the province's human-resources authorities (GB/T 2260).
// Registered through the command pipeline with command ids derived from the division codes, so
// running it again appends nothing.
import { v5 as uuidv5 } from 'uuid';
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import { BUILT_IN_ROLES } from '../domain/identity/roles';
import { PREFECTURES, PROVINCE, authorityId, authorityName } from '../domain/organization/guizhou-divisions';

const SEED_NAMESPACE = 'b0c7e0de-6a4e-4d0e-9a43-1f2f3e4d5c6b';

/** A request from the installer itself; the command id is derived from `key` (idempotent seeding). */
export const seedRequest = (key: string): RequestContext => {
  const commandId = uuidv5(key, SEED_NAMESPACE);
  return { actor: { id: 'system:seed', role: 'system', orgId: null }, commandId, correlationId: uuidv5('seed', SEED_NAMESPACE), ip: null };
};

export async function seedAuthorities(platform: Platform): Promise<bigint> {
  const orgs = platform.commands.organizations;
  let last = 0n;
  const register = async (id: string, input: Parameters<typeof orgs.register>[1]) => {
    const result = await orgs.register(id, input, seedRequest(`organization:${id}`));
    if (result.position !== null) last = result.position;
  };
  await register(authorityId(PROVINCE.code), { name: authorityName(PROVINCE, 'province'), kind: 'province', parentId: null, divisionCode: PROVINCE.code });
  for (const prefecture of PREFECTURES) {
    await register(authorityId(prefecture.code), {
      name: authorityName(prefecture, 'prefecture'),
      kind: 'prefecture',
      parentId: authorityId(PROVINCE.code),
      divisionCode: prefecture.code,
    });
    for (const county of prefecture.counties) {
      await register(authorityId(county.code), {
        name: authorityName(county, 'county'),
        kind: 'county',
        parentId: authorityId(prefecture.code),
        divisionCode: county.code,
      });
    }
  }
  return last;
}

/** The built-in roles, defined once; the security administrator changes them afterwards. */
export async function seedBuiltInRoles(platform: Platform): Promise<bigint> {
  let last = 0n;
  for (const { name, ...definition } of BUILT_IN_ROLES) {
    const existing = await platform.store.readStream(`role-${name}`, { maxCount: 1 });
    if (existing.length > 0) continue;
    const result = await platform.commands.roles.define(name, { ...definition, permissions: [...definition.permissions] }, seedRequest(`role:${name}`));
    if (result.position !== null) last = result.position;
  }
  return last;
}

/** Everything an installation needs before anyone logs in; waits until the read models have it. */
export async function seedReferenceData(platform: Platform): Promise<void> {
  const positions = [await seedAuthorities(platform), await seedBuiltInRoles(platform), (await platform.commands.dictionaries.seed(seedRequest)) ?? 0n];
  const last = positions.reduce((a, b) => (a > b ? a : b), 0n);
  if (last > 0n) await platform.runner.waitFor(last, ['organizations', 'roles'], 60_000);
}
