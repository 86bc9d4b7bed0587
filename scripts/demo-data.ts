// Demo data for `npm start`: institutions across the province, one user per role with a one-time
// password (printed once and written to a file only the owner can read), and occupations in every
// review state. Everything goes through the command pipeline, so every record has its events.
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import type { Platform } from '../api/platform';
import type { RequestContext } from '../commands/pipeline/request-context';
import type { OccupationDetails } from '../domain/occupation/occupation-details';
import { PREFECTURES, authorityId } from '../domain/organization/guizhou-divisions';
import { seedRequest } from './reference-data';

const DEMO_NAMESPACE = '3d9a1c55-2f0e-4b8e-8f61-7a2c9e4b1d07';
const demoId = (key: string) => uuidv5(key, DEMO_NAMESPACE);

const INSTITUTION_NAMES = ['阳光职业技能培训学校', '金桥职业培训学校', '黔匠技工培训中心', '山花职业技能培训学校', '新蕾家政服务培训学校'];
const OCCUPATIONS: OccupationDetails[] = [
  { code: '4-03-02-01', name: '中式烹调师', level: '4', hours: 120, scope: '中式热菜、冷菜制作' },
  { code: '6-31-01-03', name: '电工', level: '5', hours: 90, scope: '低压电工作业' },
  { code: '4-10-01-02', name: '育婴员', level: '4', hours: 100, scope: '婴幼儿生活照料与早期教育' },
  { code: '4-10-01-06', name: '家政服务员', level: '5', hours: 60, scope: '家庭保洁、烹饪与照护' },
  { code: '4-14-01-01', name: '健康管理师', level: '3', hours: 150, scope: '健康监测与评估' },
  { code: '6-29-01-01', name: '砌筑工', level: '5', hours: 80, scope: '砖石砌筑' },
];

export interface DemoUser {
  username: string;
  password: string;
  displayName: string;
  orgName: string;
  role: string;
}

const as = (userId: string, role: string, orgId: string, key: string): RequestContext => ({ ...seedRequest(key), actor: { id: userId, role, orgId } });

/** Loads the demo once: returns the demo users with their one-time passwords, or [] when already loaded. */
export async function loadDemoData(platform: Platform, dataDir: string): Promise<DemoUser[]> {
  const marker = await platform.store.readStream(`user-${demoId('user:jg_nanming')}`, { maxCount: 1 });
  if (marker.length > 0) return [];
  const { organizations, users, occupations, reviews } = platform.commands;

  // Two institutions in each of the first two counties of every prefecture.
  const institutions: { id: string; county: string; name: string }[] = [];
  for (const prefecture of PREFECTURES) {
    for (const county of prefecture.counties.slice(0, 2)) {
      for (let i = 0; i < 2; i++) {
        const name = `${prefecture.name.replace(/布依族苗族自治州|苗族侗族自治州/, '州')}${county.name}${INSTITUTION_NAMES[(i + county.code.charCodeAt(5)) % INSTITUTION_NAMES.length]}`;
        const id = `inst-${county.code}-${i + 1}`;
        await organizations.register(id, { name, kind: 'institution', parentId: authorityId(county.code), divisionCode: county.code }, seedRequest(`organization:${id}`));
        institutions.push({ id, county: county.code, name });
      }
    }
  }

  const demoUsers: { username: string; displayName: string; orgId: string; orgName: string; role: string }[] = [
    { username: 'jg_nanming', displayName: '李娜（机构经办）', orgId: 'inst-520102-1', orgName: institutions.find((i) => i.id === 'inst-520102-1')!.name, role: 'institution_operator' },
    { username: 'jg_yunyan', displayName: '王强（机构经办）', orgId: 'inst-520103-1', orgName: institutions.find((i) => i.id === 'inst-520103-1')!.name, role: 'institution_operator' },
    { username: 'sh_nanming', displayName: '张敏（南明区审核员）', orgId: authorityId('520102'), orgName: '南明区人力资源和社会保障局', role: 'reviewer' },
    { username: 'sh_yunyan', displayName: '陈杰（云岩区审核员）', orgId: authorityId('520103'), orgName: '云岩区人力资源和社会保障局', role: 'reviewer' },
    { username: 'sh_guiyang', displayName: '刘洋（贵阳市审核员）', orgId: authorityId('520100'), orgName: '贵阳市人力资源和社会保障局', role: 'reviewer' },
    { username: 'dd_province', displayName: '赵磊（省级督导）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'supervisor' },
    { username: 'sj_province', displayName: '孙丽（审计管理员）', orgId: authorityId('520000'), orgName: '贵州省人力资源和社会保障厅', role: 'audit_admin' },
  ];
  const credentials: DemoUser[] = [];
  for (const u of demoUsers) {
    const password = `${randomBytes(6).toString('base64url')}#${randomInt(10, 99)}Aa`;
    await users.create(demoId(`user:${u.username}`), { username: u.username, displayName: u.displayName, orgId: u.orgId, roles: [u.role] }, password, seedRequest(`user:${u.username}`));
    credentials.push({ username: u.username, password, displayName: u.displayName, orgName: u.orgName, role: u.role });
  }

  // Occupations of the Nanming institution in every state of the review workflow.
  const school = 'inst-520102-1';
  const operator = demoId('user:jg_nanming');
  const countyReviewer = demoId('user:sh_nanming');
  const cityReviewer = demoId('user:sh_guiyang');
  // Authorities must be resolvable by the read model before a submission.
  await platform.runner.waitFor(await platform.store.headPosition(), ['organizations'], 30_000);
  for (const [index, details] of OCCUPATIONS.entries()) {
    const id = demoId(`occupation:${school}:${details.code}`);
    const stream = `occupation-${id}`;
    const key = (step: string) => `occupation:${id}:${step}`;
    await occupations.declare(id, school, details, as(operator, 'institution_operator', school, key('declare')));
    if (index === 0) continue; // left as a draft
    await reviews.submit(stream, '', as(operator, 'institution_operator', school, key('submit')));
    if (index === 1) continue; // waiting at the county
    await reviews.approve(stream, '材料齐全，同意', [], as(countyReviewer, 'reviewer', authorityId('520102'), key('county')));
    if (index === 2) continue; // waiting at the city
    if (index === 3) {
      await reviews.return(stream, '培训场地证明材料不全，请补充', [], as(cityReviewer, 'reviewer', authorityId('520100'), key('return')));
      continue;
    }
    await reviews.approve(stream, '同意发布', [], as(cityReviewer, 'reviewer', authorityId('520100'), key('city')));
  }

  const file = path.join(dataDir, 'demo-credentials.txt');
  writeFileSync(file, credentials.map((c) => `${c.username}\t${c.password}\t${c.role}\t${c.displayName}\t${c.orgName}`).join('\n') + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return credentials;
}
