// Small, deterministic organisation trees for tests: a province, two prefectures, three counties,
// and institutions under two of the counties.
import { randomUUID } from 'node:crypto';
import type { Platform } from '../api/platform';
import type { EventStore } from '../store/event-store/event-store';
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

/** Valid, fixed details of a test institution (its personal data is test data, not a real person's). */
export const testInstitutionInput = (name: string, supervisingAuthorityId: string) => ({
  name,
  supervisingAuthorityId,
  registeredAddress: '贵阳市',
  schoolAddress: '贵阳市',
  legalPersonName: '王建国',
  legalPersonIdNumber: '11010519491231002X',
  trainingHead: '李娜',
  phone: '0851-85551234',
  occupationScope: [{ code: '4-03-02-01', name: '中式烹调师' }],
  nature: 'private' as const,
  category: 'ordinary' as const,
  categoryTags: [],
  designated: true,
  recognitionDate: '2024-03-01',
  approvalDate: '2024-03-01',
  validUntil: '2030-12-31',
  scale: 300,
  floorArea: 800,
  bankAccount: '6222020200000000006',
  bankAccountName: name,
  licenceNumber: '教民152010270001',
  documents: [{ fileId: 'file-1', name: '办学许可证.pdf', kind: 'licence' as const }],
  creditCode: '91350100M000100Y43',
});

/**
 * Makes an institution effective the way production does: registered by its county, approved by
 * another person of the county and by the prefecture. Requires the organisation tree projected.
 */
export async function activateTestInstitution(platform: Platform, institutionId: string, name: string, county: string, prefecture: string): Promise<bigint> {
  const as = (id: string, orgId: string): RequestContext => ({ ...systemRequest(), actor: { id, role: 'seed', orgId } });
  const stream = `institution-${institutionId}`;
  await platform.commands.institutions.register(institutionId, testInstitutionInput(name, county), ['BANK_CARD_LUHN_FAILED'], as('seed-registrar', county));
  await platform.commands.reviews.submit(stream, '', as('seed-registrar', county));
  await platform.commands.reviews.approve(stream, '同意', [], as('seed-county-reviewer', county));
  const final = await platform.commands.reviews.approve(stream, '同意', [], as('seed-city-reviewer', prefecture));
  return final.position!;
}
