import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError } from '../shared/errors';
import { teacherDecider, teacherReviewingOrg, type TeacherEvent } from './teacher';
import type { TeacherProfile } from './teacher-input';

const given = specification(teacherDecider);
const profile: TeacherProfile = {
  name: '张伟',
  idNumber: { cipher: 'c', blindIndex: 'id-1', masked: '520102********0016' },
  birthDate: '1985-03-15',
  sex: 'male',
  fullTime: true,
  subjects: ['中式烹调'],
  level: 'senior',
  trainingQualification: '',
  yearsTeaching: 12,
  trainingHistory: [],
};
const schoolA = testContext({ id: 'op-a', orgId: 'inst-a' });
const schoolB = testContext({ id: 'op-b', orgId: 'inst-b' });
const county = testContext({ id: 'rev', orgId: 'auth-520102' });
const declared: TeacherEvent = { type: 'TeacherDeclared', data: { teacherId: 't-1', profile, institutionId: 'inst-a' } };
const approved: TeacherEvent[] = [
  { type: 'ReviewSubmitted', data: { round: 1, title: '张伟（教师）', levels: ['county'], authorities: { county: 'auth-520102' }, submitterOrgId: 'inst-a', submitterId: 'op-a', note: '' } },
  { type: 'ReviewApproved', data: { round: 1, level: 'county', opinion: '同意', attachments: [], final: true } },
  { type: 'TeacherEngagementApproved', data: { institutionId: 'inst-a' } },
];
const declare = (institutionId: string, canOperate = true) => ({ type: 'DeclareTeacher' as const, teacherId: 't-1', profile, institution: { institutionId, canOperate } });

describe('teacher decider', () => {
  it('an effective institution declares a teacher; a suspended one cannot', () => {
    given([]).when(declare('inst-a'), schoolA).then([declared]);
    given([]).when(declare('inst-a', false), schoolA).thenThrows(RuleViolationError, /不能申报师资/);
  });

  it('a second institution engaging the same person requests an engagement on the same record', () =>
    given([declared, ...approved]).when(declare('inst-b'), schoolB).then([{ type: 'TeacherEngagementRequested', data: { institutionId: 'inst-b' } }]));

  it('certification and tiers need an approved teacher; a tier above the authority\'s own level is refused', () => {
    given([declared]).when({ type: 'CertifyQualification', certificateNo: 'X-1', certifiedOn: '2026-11-20' }, county).thenThrows(RuleViolationError, /尚未审核通过/);
    given([declared, ...approved]).when({ type: 'AssignPoolTier', tier: 'province', actorLevel: 'county' }, county).thenThrows(ForbiddenError);
    given([declared, ...approved])
      .when({ type: 'AssignPoolTier', tier: 'county', actorLevel: 'city' }, county)
      .then([{ type: 'TeacherPoolTierAssigned', data: { tier: 'county', managedByOrgId: 'auth-520102' } }]);
  });

  it('an update that changes nothing records nothing, whatever order the stored profile\'s keys come in (jsonb reorders them)', () => {
    const stored = Object.fromEntries(Object.entries(profile).sort(([a], [b]) => a.length - b.length || a.localeCompare(b))) as TeacherProfile;
    const storedDeclared: TeacherEvent = { type: 'TeacherDeclared', data: { teacherId: 't-1', profile: stored, institutionId: 'inst-a' } };
    given([storedDeclared, ...approved]).when({ type: 'UpdateTeacher', profile }, schoolA).then([]);
    given([storedDeclared, ...approved])
      .when({ type: 'UpdateTeacher', profile: { ...profile, yearsTeaching: 13 } }, schoolA)
      .then([{ type: 'TeacherProfileChangeProposed', data: { profile: { ...profile, yearsTeaching: 13 }, institutionId: 'inst-a' } }]);
    given([declared, ...approved])
      .when({ type: 'UpdateTeacher', profile: { ...profile, idNumber: { ...profile.idNumber, blindIndex: 'id-2' } } }, schoolA)
      .thenThrows(RuleViolationError, /身份证号码不能修改/);
  });

  it('a revoked teacher cannot be engaged or changed', () => {
    const revoked: TeacherEvent = { type: 'TeacherRevoked', data: { reason: '伪造经历' } };
    given([declared, ...approved, revoked]).when(declare('inst-b'), schoolB).thenThrows(RuleViolationError, /撤销/);
    given([declared, ...approved, revoked]).when({ type: 'UpdateTeacher', profile: { ...profile, yearsTeaching: 13 } }, schoolA).thenThrows(RuleViolationError, /撤销/);
  });

  describe('engagements and changes to an approved teacher', () => {
    const requestedB: TeacherEvent = { type: 'TeacherEngagementRequested', data: { institutionId: 'inst-b' } };
    const update = (yearsTeaching: number) => ({ type: 'UpdateTeacher' as const, profile: { ...profile, yearsTeaching } });

    it('a pending or rejected engagement by a second institution gives it no right to change the teacher', () => {
      given([declared, ...approved, requestedB]).when(update(30), schoolB).thenThrows(ForbiddenError);
      given([declared, ...approved, requestedB, { type: 'TeacherEngagementRejected', data: { institutionId: 'inst-b', reason: '不符' } }])
        .when(update(30), schoolB)
        .thenThrows(ForbiddenError);
    });

    it('before approval the declaring institution edits its draft directly', () =>
      given([declared]).when(update(13), schoolA).then([{ type: 'TeacherProfileUpdated', data: { profile: { ...profile, yearsTeaching: 13 } } }]));

    it('a change to the approved teacher takes effect only when the home authority approves it', () => {
      const proposed: TeacherEvent = { type: 'TeacherProfileChangeProposed', data: { profile: { ...profile, yearsTeaching: 13 }, institutionId: 'inst-a' } };
      const submitted: TeacherEvent = { ...approved[0]!, data: { ...(approved[0]!.data as object), round: 2 } } as TeacherEvent;
      const before = [declared, ...approved, proposed, submitted];
      expect(teacherReviewingOrg(before.reduce(teacherDecider.evolve, teacherDecider.initialState()), 'inst-a')).toBe('inst-a');
      const pendingState = before.reduce(teacherDecider.evolve, teacherDecider.initialState());
      expect(pendingState.status === 'declared' && pendingState.profile.yearsTeaching).toBe(12);
      given(before)
        .when({ type: 'ApproveReview', opinion: '同意' }, county)
        .then([
          { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } },
          { type: 'TeacherProfileChangeApproved', data: { institutionId: 'inst-a' } },
        ]);
      const after = [...before, { type: 'ReviewApproved', data: { round: 2, level: 'county', opinion: '同意', attachments: [], final: true } }, { type: 'TeacherProfileChangeApproved', data: { institutionId: 'inst-a' } }] as TeacherEvent[];
      const state = after.reduce(teacherDecider.evolve, teacherDecider.initialState());
      expect(state.status === 'declared' && [state.profile.yearsTeaching, state.proposal]).toEqual([13, null]);
    });
  });
  describe('capability training (requirement 13, from a completed class)', () => {
    const training = { classId: 'class-1', classNo: '520102-2026-0001', from: '2026-03', to: '2026-03', content: '师资能力提升培训班', organiserId: 'inst-a', certificateNo: '520102-2026-0001-001', completedOn: '2026-03-23' };
    const system = testContext({ id: 'system:training-class', orgId: null });
    const recorded: TeacherEvent = { type: 'TeacherTrainingRecorded', data: { training } };

    it('joins the history once per class, and raises the tier the class qualifies for', () => {
      given([declared, ...approved])
        .when({ type: 'RecordTeacherTraining', training, tier: { tier: 'city', managedByOrgId: 'auth-520100' } }, system)
        .then([recorded, { type: 'TeacherPoolTierAssigned', data: { tier: 'city', managedByOrgId: 'auth-520100' } }]);
      given([declared, ...approved, recorded]).when({ type: 'RecordTeacherTraining', training, tier: null }, system).thenNothing();
      const state = [declared, ...approved, recorded].reduce(teacherDecider.evolve, teacherDecider.initialState());
      expect(state.status === 'declared' && state.trainings).toEqual([training]);
    });

    it('never lowers a tier, and gives a revoked teacher the history but no tier', () => {
      const province: TeacherEvent = { type: 'TeacherPoolTierAssigned', data: { tier: 'province', managedByOrgId: 'auth-520000' } };
      given([declared, ...approved, province]).when({ type: 'RecordTeacherTraining', training, tier: { tier: 'city', managedByOrgId: 'auth-520100' } }, system).then([recorded]);
      const revoked: TeacherEvent = { type: 'TeacherRevoked', data: { reason: '弄虚作假' } };
      given([declared, ...approved, revoked]).when({ type: 'RecordTeacherTraining', training, tier: { tier: 'city', managedByOrgId: 'auth-520100' } }, system).then([recorded]);
    });
  });
});
