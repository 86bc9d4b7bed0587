import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '../shared/errors';
import { parseClassDetails, parseDeclaration, subjectLabel } from './class-details';
import { declarationInput, details } from './spec-fixtures';

const TODAY = '2026-03-02';
const fieldsOf = (parse: () => unknown) => {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).fields;
  }
  throw new Error('accepted');
};

describe('class details', () => {
  it('accepts a complete registration, and names its subject', () => {
    expect(parseClassDetails(details, TODAY)).toEqual(details);
    expect(subjectLabel(details)).toBe('中式烹调师（4-03-02-01）四级/中级工');
  });

  it('entrepreneurship needs its programme; other kinds have none and need an occupation', () => {
    expect(fieldsOf(() => parseClassDetails({ ...details, kind: 'entrepreneurship', occupation: null }, TODAY))).toEqual([
      { field: 'subKind', message: '创业培训须选择类别（SYB、GYB或网络创业培训）' },
    ]);
    expect(subjectLabel(parseClassDetails({ ...details, kind: 'entrepreneurship', subKind: 'syb', occupation: null }, TODAY))).toBe('SYB（创办你的企业）');
    expect(fieldsOf(() => parseClassDetails({ ...details, subKind: 'gyb', occupation: null }, TODAY))).toEqual([
      { field: 'subKind', message: '就业技能培训没有创业培训类别，请清空该项' },
      { field: 'occupation', message: '就业技能培训须选择培训工种及等级' },
    ]);
  });

  it('refuses dates in the wrong order, a start in the past and limits the wrong way round', () =>
    expect(fieldsOf(() => parseClassDetails({ ...details, plannedStart: '2026-03-01', plannedEnd: '2026-02-27', minSize: 10, maxSize: 5 }, TODAY))).toEqual([
      { field: 'plannedEnd', message: '计划结业日期（2026-02-27）不能早于计划开班日期（2026-03-01）' },
      { field: 'plannedStart', message: '计划开班日期（2026-03-01）不能早于今天（2026-03-02）' },
      { field: 'maxSize', message: '最多人数（5）不能少于最少人数（10）' },
    ]));

  it('refuses a venue outside Guizhou: county code and WGS-84 coordinates', () =>
    expect(fieldsOf(() => parseClassDetails({ ...details, venue: { ...details.venue, countyCode: '110105', latitude: 39.9, longitude: 116.4 } }, TODAY))).toEqual([
      { field: 'venue.countyCode', message: '培训地点所在区县应为贵州省的区县（6位行政区划代码）' },
      { field: 'venue.latitude', message: '纬度不在贵州省范围内（应在北纬24.6°至29.3°之间，WGS-84坐标）' },
      { field: 'venue.longitude', message: '经度不在贵州省范围内（应在东经103.5°至109.6°之间，WGS-84坐标）' },
    ]));

  it('only teachers\' training names a pool tier', () =>
    expect(fieldsOf(() => parseClassDetails({ ...details, targetTier: 'city' }, TODAY))).toEqual([{ field: 'targetTier', message: '只有师资能力提升培训可以设置师资库级别' }]));
});

describe('declaration', () => {
  it('accepts the plan, resources, assessment plan and commitment', () => expect(parseDeclaration(declarationInput)).toEqual(declarationInput));

  it('theory and practice shares must add up to 100%; the commitment must be given', () =>
    expect(fieldsOf(() => parseDeclaration({ ...declarationInput, teachingPlan: { ...declarationInput.teachingPlan, practicePercent: 40 }, resources: [], commitment: false }))).toEqual([
      { field: 'teachingPlan.practicePercent', message: '理论课占比与实操课占比之和应为100%（现为90%）' },
      { field: 'resources', message: '请至少填写一项教学资源（教材、设备、实训场地等）' },
      { field: 'commitment', message: '请阅读并勾选机构承诺（所报信息真实，按计划组织培训）' },
    ]));
});
