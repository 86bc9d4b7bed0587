import { describe, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import type { SchoolInfo } from './school-info';
import { technicalSchoolDecider, type TechnicalSchoolEvent } from './technical-school';

const given = specification(technicalSchoolDecider);
const SCHOOL = 'school-1';
const CITY = 'auth-guiyang';
const info: SchoolInfo = {
  name: '贵阳市技师学院',
  level: 'technician_college',
  nature: 'public',
  address: '贵阳市花溪区',
  principal: '王校长',
  contactPerson: '李老师',
  contactPhone: '0851-85551234',
  approvalNumber: '黔人社函〔2010〕1号',
  establishedYear: 1978,
  description: '',
};
const authority = testContext({ id: 'op-city', orgId: CITY });
const school = testContext({ id: 'op-school', orgId: SCHOOL });
const created: TechnicalSchoolEvent = { type: 'TechnicalSchoolCreated', data: { schoolId: SCHOOL, authorityId: CITY, code: '52001', divisionCode: '520100', info } };
const renamed = { ...info, name: '贵阳技师学院' };

describe('technical school', () => {
  describe('when none exists', () => {
    it('the authority creates it, in force at once', () =>
      given().when({ type: 'CreateTechnicalSchool', schoolId: SCHOOL, authorityId: CITY, creation: { code: '52001', divisionCode: '520100', info } }, authority).then([created]));
    it('a user with no organisation cannot create one', () =>
      given().when({ type: 'CreateTechnicalSchool', schoolId: SCHOOL, authorityId: CITY, creation: { code: '52001', divisionCode: '520100', info } }, testContext()).thenThrows(ForbiddenError));
  });

  describe('when created', () => {
    it('creating it again changes nothing', () =>
      given([created]).when({ type: 'CreateTechnicalSchool', schoolId: SCHOOL, authorityId: CITY, creation: { code: '52001', divisionCode: '520100', info } }, authority).thenNothing());
    it('the school proposes a change of its information', () =>
      given([created]).when({ type: 'ProposeSchoolInfo', info: renamed }, school).then([{ type: 'TechnicalSchoolInfoProposed', data: { info: renamed } }]));
    it('another organisation cannot', () => given([created]).when({ type: 'ProposeSchoolInfo', info: renamed }, authority).thenThrows(ForbiddenError, '只有院校本身'));
    it('the same values propose nothing', () => given([created]).when({ type: 'ProposeSchoolInfo', info }, school).thenNothing());
    it('nothing proposed, nothing to submit', () =>
      given([created]).when({ type: 'SubmitForReview', authorities: { city: CITY, province: 'prov' } }, school).thenThrows(RuleViolationError, '没有待提交审核'));
  });

  describe('when a change is submitted', () => {
    const submitted: TechnicalSchoolEvent[] = [
      created,
      { type: 'TechnicalSchoolInfoProposed', data: { info: renamed } },
      { type: 'ReviewSubmitted', data: { round: 1, title: '贵阳技师学院（基本信息变更）', levels: ['city', 'province'], authorities: { city: CITY, province: 'prov' }, submitterOrgId: SCHOOL, submitterId: 'op-school', note: '' } },
    ];
    it('the city approves, then the province, and the change takes effect', () =>
      given([...submitted, { type: 'ReviewApproved', data: { round: 1, level: 'city', opinion: '同意', attachments: [], final: false } }])
        .when({ type: 'ApproveReview', opinion: '同意' }, testContext({ id: 'rev-prov', orgId: 'prov' }))
        .then([
          { type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } },
          { type: 'TechnicalSchoolInfoApplied', data: { info: renamed, authorityId: CITY } },
        ]));
    it('a rejection discards the change, the values in force stay', () =>
      given(submitted)
        .when({ type: 'RejectReview', reason: '名称不符合规定' }, testContext({ id: 'rev-city', orgId: CITY }))
        .then([
          { type: 'ReviewRejected', data: { round: 1, level: 'city', reason: '名称不符合规定', attachments: [] } },
          { type: 'TechnicalSchoolInfoDiscarded', data: { reason: '名称不符合规定' } },
        ]));
    it('the school cannot change it while it is reviewed', () =>
      given(submitted).when({ type: 'ProposeSchoolInfo', info: { ...renamed, address: '新地址' } }, school).thenThrows(RuleViolationError, '审核中'));
  });
});
