// Small, deterministic organisation trees for tests: a province, two prefectures, three counties,
// and institutions under two of the counties.
import { randomUUID } from 'node:crypto';
import type { EventStore } from '../commands/event-store/event-store';
import { organizationCommands } from '../commands/organization/organization-commands';
import type { RequestContext } from '../commands/pipeline/request-context';
import { authorityId } from '../domain/organization/guizhou-divisions';
import type { OrganizationInput } from '../domain/organization/organization';

export const systemRequest = (): RequestContext => {
  const commandId = randomUUID();
  return { actor: { id: 'system', role: 'system', orgId: null }, commandId, correlationId: commandId, ip: null };
};

export const ORGS = {
  province: authorityId('520000'),
  guiyang: authorityId('520100'),
  nanming: authorityId('520102'),
  yunyan: authorityId('520103'),
  zunyi: authorityId('520300'),
  honghuagang: authorityId('520302'),
  nanmingSchool: 'inst-nanming-1',
  yunyanSchool: 'inst-yunyan-1',
} as const;

export async function seedTestOrganizations(store: EventStore): Promise<bigint> {
  const orgs = organizationCommands(store);
  const tree: [string, OrganizationInput][] = [
    [ORGS.province, { name: '贵州省人力资源和社会保障厅', kind: 'province', parentId: null, divisionCode: '520000' }],
    [ORGS.guiyang, { name: '贵阳市人力资源和社会保障局', kind: 'prefecture', parentId: ORGS.province, divisionCode: '520100' }],
    [ORGS.nanming, { name: '南明区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520102' }],
    [ORGS.yunyan, { name: '云岩区人力资源和社会保障局', kind: 'county', parentId: ORGS.guiyang, divisionCode: '520103' }],
    [ORGS.zunyi, { name: '遵义市人力资源和社会保障局', kind: 'prefecture', parentId: ORGS.province, divisionCode: '520300' }],
    [ORGS.honghuagang, { name: '红花岗区人力资源和社会保障局', kind: 'county', parentId: ORGS.zunyi, divisionCode: '520302' }],
    [ORGS.nanmingSchool, { name: '贵阳市南明区阳光职业技能培训学校', kind: 'institution', parentId: ORGS.nanming, divisionCode: '520102' }],
    [ORGS.yunyanSchool, { name: '贵阳市云岩区金桥职业培训学校', kind: 'institution', parentId: ORGS.yunyan, divisionCode: '520103' }],
  ];
  let last = 0n;
  for (const [id, input] of tree) {
    const result = await orgs.register(id, input, systemRequest());
    last = result.position ?? last;
  }
  return last;
}
