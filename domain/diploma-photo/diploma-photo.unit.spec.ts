import { describe, expect, it } from '@jest/globals';
import { specification, testContext } from '../../testing/decider-specification';
import { ForbiddenError, RuleViolationError, ValidationError } from '../shared/errors';
import { diplomaPhotoDecider, type DiplomaPhotoEvent, type DiplomaPhotoFile, type PhotoStudentFacts } from './diploma-photo';

const given = specification(diplomaPhotoDecider);
const A = 'school-a';
const school = testContext({ id: 'op', orgId: A });
const province = testContext({ id: 'rev', orgId: 'prov' });
const student: PhotoStudentFacts = { studentId: 's1', name: '王小红', schoolId: A };
const photo = (over: Partial<DiplomaPhotoFile> = {}): DiplomaPhotoFile => ({ fileId: 'f1', sha256: 'aa', kind: 'jpg', size: 40_000, width: 390, height: 567, ...over });
const uploaded: DiplomaPhotoEvent = { type: 'DiplomaPhotoUploaded', data: { studentId: 's1', schoolId: A, studentName: '王小红', photo: photo() } };
const submitted: DiplomaPhotoEvent = { type: 'ReviewSubmitted', data: { round: 1, title: '毕业证照片 王小红', levels: ['province'], authorities: { province: 'prov' }, submitterOrgId: A, submitterId: 'op', note: '' } };
const approved: DiplomaPhotoEvent = { type: 'ReviewApproved', data: { round: 1, level: 'province', opinion: '同意', attachments: [], final: true } };
const fold = (events: DiplomaPhotoEvent[]) => events.reduce(diplomaPhotoDecider.evolve, diplomaPhotoDecider.initialState());

describe('diploma photos', () => {
  it('the school uploads a photo of its own student; another school\'s student is refused', () => {
    given().when({ type: 'UploadDiplomaPhoto', student, photo: photo() }, school).then([uploaded]);
    given().when({ type: 'UploadDiplomaPhoto', student: { ...student, schoolId: 'other' }, photo: photo() }, school).thenThrows(RuleViolationError, '不是本校学生');
  });
  it('a graduate gets a photo; a student who withdrew or whose status was cancelled does not', () => {
    given().when({ type: 'UploadDiplomaPhoto', student: { ...student, leftAs: 'graduated' }, photo: photo() }, school).then([uploaded]);
    given().when({ type: 'UploadDiplomaPhoto', student: { ...student, leftAs: 'withdrawn' }, photo: photo() }, school).thenThrows(RuleViolationError, '王小红已退学，不能上传毕业证照片');
    given().when({ type: 'UploadDiplomaPhoto', student: { ...student, leftAs: 'cancelled' }, photo: photo() }, school).thenThrows(RuleViolationError, '已注销学籍');
  });
  it('refuses a photo too large, too small, too few pixels or in landscape, naming each problem', () => {
    given().when({ type: 'UploadDiplomaPhoto', student, photo: photo({ size: 3 * 1024 * 1024 }) }, school).thenThrows(ValidationError, '照片超过 2 MB');
    given().when({ type: 'UploadDiplomaPhoto', student, photo: photo({ size: 1000 }) }, school).thenThrows(ValidationError, '小于 5 KB');
    given().when({ type: 'UploadDiplomaPhoto', student, photo: photo({ width: 100, height: 120 }) }, school).thenThrows(ValidationError, '至少应为 260×320');
    given().when({ type: 'UploadDiplomaPhoto', student, photo: photo({ width: 800, height: 600 }) }, school).thenThrows(ValidationError, '竖版');
  });
  it('the authority approves: the photo becomes the approved one; the school may not approve its own', () => {
    given([uploaded, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, province).then([approved, { type: 'DiplomaPhotoApproved', data: { sha256: 'aa', fileId: 'f1' } }]);
    given([uploaded, submitted]).when({ type: 'ApproveReview', opinion: '同意' }, school).thenThrows(ForbiddenError);
    const state = fold([uploaded, submitted, approved, { type: 'DiplomaPhotoApproved', data: { sha256: 'aa', fileId: 'f1' } }]);
    expect(state.status === 'kept' && [state.approved?.sha256, state.pending]).toEqual(['aa', null]);
  });
  it('a photo under review cannot be replaced; the same photo again changes nothing', () => {
    given([uploaded, submitted]).when({ type: 'UploadDiplomaPhoto', student, photo: photo({ sha256: 'bb', fileId: 'f2' }) }, school).thenThrows(RuleViolationError, '正在审核中');
    given([uploaded]).when({ type: 'UploadDiplomaPhoto', student, photo: photo() }, school).thenNothing();
  });
  it('a new photo after approval is reviewed again; the approved one stays in force meanwhile', () => {
    const history = [uploaded, submitted, approved, { type: 'DiplomaPhotoApproved', data: { sha256: 'aa', fileId: 'f1' } } as DiplomaPhotoEvent];
    const second: DiplomaPhotoEvent = { type: 'DiplomaPhotoUploaded', data: { ...(uploaded.data as object), photo: photo({ sha256: 'bb', fileId: 'f2' }) } as never };
    given(history).when({ type: 'UploadDiplomaPhoto', student, photo: photo({ sha256: 'bb', fileId: 'f2' }) }, school).then([second]);
    const state = fold([...history, second]);
    expect(state.status === 'kept' && [state.approved?.sha256, state.pending?.sha256, state.review.status]).toEqual(['aa', 'bb', 'draft']);
  });
  it('a rejected photo is dropped; a returned one may be resubmitted', () => {
    const rejected: DiplomaPhotoEvent = { type: 'ReviewRejected', data: { round: 1, level: 'province', reason: '不是本人', attachments: [] } };
    const state = fold([uploaded, submitted, rejected]);
    expect(state.status === 'kept' && state.pending).toBeNull();
    const returned: DiplomaPhotoEvent = { type: 'ReviewReturned', data: { round: 1, level: 'province', reason: '背景不是白色', attachments: [] } };
    given([uploaded, submitted, returned]).when({ type: 'SubmitForReview', authorities: { province: 'prov' } }, school).then([{ ...submitted, data: { ...(submitted.data as object), round: 2 } } as DiplomaPhotoEvent]);
  });
});
