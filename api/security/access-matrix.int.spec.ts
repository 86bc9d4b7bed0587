// The access matrix: for every role, and for records of an organisation outside its scope, every
// list query, every detail query and every mutation either returns only in-scope data or is
// refused, and a refused mutation leaves no event behind. The expected scopes are written out by
// hand here (an oracle independent of the data-scope code under test).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { TEST_USERS, startApiHarness, type ApiHarness, type Session, type TestUser } from '../../testing/api-harness';
import { ORGS } from '../../testing/seed';
import { uploadFile, xlsxBytes } from '../../testing/spreadsheets';
import { seedDiplomaPhoto } from '../../testing/diploma-photo';
import { createTestSchool, openTestWindow, seedDiplomaStock, seedEmployment, seedSchoolAid, seedSchoolRecords } from '../../testing/technical-school';
import { seedCompletedClass } from '../training-class/testing/class-world';
import { CAPTURE_NOT_A_RECORD, CAPTURE_POLICY_STREAM, CAPTURE_PROBED, CAPTURE_SETTINGS_MUTATIONS, captureProbes, seedCaptureRecords, type CaptureRecords } from '../capture/testing/capture-matrix';
import { MONEY_NOT_A_RECORD, MONEY_PROBED, moneyProbes, seedMoneyRecords, type MoneyRecords } from '../fund/testing/money-matrix';
import { PERSONAL_SUBSIDY_PROBED, personalSubsidyProbes, seedPersonalSubsidyRecords, type PersonalSubsidyRecords } from '../personal-subsidy/testing/personal-subsidy-matrix';
import { buildSchema } from '../graphql/schema';
import { VOUCHER_NOT_A_RECORD, VOUCHER_PROBED, seedVoucherRecords, voucherProbes, type VoucherRecords } from '../voucher/testing/voucher-matrix';
import { MODULES } from '../modules';

/** A technical school under 贵阳 (issue 15), seeded below: an organisation of the tree like the others. */
const TECH_SCHOOL = 'tech-school-guiyang-1';
const ALL = [...Object.values(ORGS), TECH_SCHOOL] as string[];
/** Organisations each persona may see. */
const VISIBLE: Record<TestUser, string[]> = {
  nanmingSchool: [ORGS.nanmingSchool],
  yunyanSchool: [ORGS.yunyanSchool],
  nanmingReviewer: [ORGS.nanming, ORGS.nanmingSchool],
  nanmingRegistrar: [ORGS.nanming, ORGS.nanmingSchool],
  yunyanReviewer: [ORGS.yunyan, ORGS.yunyanSchool],
  guiyangReviewer: [ORGS.guiyang, ORGS.nanming, ORGS.yunyan, ORGS.nanmingSchool, ORGS.yunyanSchool, TECH_SCHOOL],
  zunyiReviewer: [ORGS.zunyi, ORGS.honghuagang],
  provinceSupervisor: ALL,
  systemAdmin: ALL,
  securityAdmin: ALL,
  auditAdmin: ALL,
};

/** Every list every module declares (api/modules.ts): a new module's lists are checked without touching this file. */
const LISTS = MODULES.flatMap((m) => m.lists ?? []).map((list) => {
  const selection = list.paged ? `{ items { ${list.owners.selection} } }` : `{ ${list.owners.selection} }`;
  return {
    name: list.query,
    query: `{ r: ${list.query}${list.paged ? '(page: { pageSize: 200 })' : ''} ${selection} }`,
    orgsOf: (d: Record<string, unknown>) => (list.paged ? (d.r as { items: Record<string, unknown>[] }).items : (d.r as Record<string, unknown>[])).map((item) => list.owners.of(item)),
  };
});
/** Lists that answered someone with items: a list nobody saw anything in checked nothing. */
const NON_EMPTY = new Set<string>();
/** Query and mutation fields the cases of this file exercise against an out-of-scope record. */
const COVERED = new Set<string>([
  // 'opens the other county's record in detail' and 'cannot change the other county's records' below.
  'occupation', 'reviewHistory', 'timeline', 'recordState', 'editOccupation', 'submitForReview', 'approveReview', 'approveReviews', 'returnReview', 'rejectReview', 'withdrawReview',
  'createUser', 'resetUserPassword', 'changeUserRoles', 'resetUserTotp', 'defineRole', 'setSecurityPolicy',
]);
/** Record queries and mutations probed out of scope below (each probe names its field). */
const PROBED = ['institution', 'recordAnnualReview', 'revokeInstitution', 'trainee', 'updateTrainee', 'teacher', 'updateTeacher', 'certifyTeacherQualification', 'assignTeacherPoolTier', 'revokeTeacher', 'revealPersonalData', 'importJob', 'endSession', 'notice', 'noticeReceipts', 'reviseNotice', 'publishNotice', 'withdrawNotice', 'markNoticeRead'] as const;
/** Technical-school records (issue 15) probed out of scope in their own section at the end of this file. */
const TECHNICAL_SCHOOL_PROBED = [
  'technicalSchool', 'proposeTechnicalSchoolInfo', 'schoolWindowsFor', 'major', 'editMajor', 'schoolTeacher', 'updateSchoolTeacher', 'removeSchoolTeacher',
  'student', 'studentStatusOn', 'updateStudentRegistration', 'cancelStudentRegistration', 'applyStudentChange', 'cancelStudentChange', 'cancelStudentTransfer', 'exportStudentCard',
  'schoolAid', 'cancelSchoolAid', 'applySchoolAid', 'schoolAidPayout', 'recordSchoolAidPayoutAccount', 'reissueSchoolAidInstalment', 'diplomaStock', 'issueDiploma', 'diplomaPhoto', 'uploadDiplomaPhoto', 'employment', 'recordEmployment', 'correctEmployment',
] as const;
for (const field of TECHNICAL_SCHOOL_PROBED) COVERED.add(field);
/** Training-class records (issue 12) probed out of scope in their own section at the end of this file. */
const TRAINING_CLASS_PROBED = [
  'trainingClass', 'trainingClassEligibility', 'personTrainingSessions', 'editTrainingClass', 'setTrainingClassTimetable', 'assignTrainingClassTeachers',
  'enrolTrainingClassParticipants', 'enrolTrainingClassByIdNumber', 'withdrawTrainingClassParticipant', 'declareTrainingClass', 'proposeTrainingClassChange',
  'discardTrainingClassChange', 'startTrainingClass', 'suspendTrainingClass', 'resumeTrainingClass', 'cancelTrainingClass', 'markTrainingClassAttendance',
  'recordTrainingClassAssessments', 'requestTrainingClassCompletion', 'recordTrainingClassFollowUp', 'printTrainingClassCertificates',
  'changeTrainingKindSettings', 'changeEligibilityPolicy', 'setCalendarDay', 'clearCalendarDay', 'importHolidayNotice',
  'recordTrainingClassInspection', 'replyTrainingClassRectification', 'decideTrainingClassRectification', 'imposeInstitutionPenalty', 'institutionPenalties',
  'markTrainingClassRollCall',
] as const;
for (const field of TRAINING_CLASS_PROBED) COVERED.add(field);
/** Fields that act on no existing record of another organisation, and why their scope needs no probe here. */
const NOT_A_RECORD: Record<string, string> = {
  version: 'no data',
  _noop: 'no data',
  me: 'the caller itself',
  passwordPolicy: 'the policy in force, the same for everyone',
  changePassword: 'the caller itself',
  beginTotpEnrollment: 'the caller itself',
  confirmTotpEnrollment: 'the caller itself',
  roles: 'the role catalogue (no organisation), refused without role:manage or user:manage',
  permissionCatalogue: 'the permission catalogue, refused without role:manage or user:manage',
  securityPolicy: 'the policy in force, refused without policy:manage',
  changeRole: 'roles belong to no organisation; refused without role:manage (as defineRole above)',
  dictionaries: 'code lists shared by all',
  addDictionaryEntry: 'code lists shared by all; refused without dictionary:manage',
  retireDictionaryEntry: 'code lists shared by all; refused without dictionary:manage',
  declareOccupation: 'creates a record of the caller\'s own organisation (the domain refuses another)',
  registerInstitution: 'creates a record under an authority in the caller\'s scope (api/institution/institution-api.int.spec.ts)',
  editInstitution: 'scope as recordAnnualReview (one requireRecord); out-of-scope edit in api/institution/institution-api.int.spec.ts',
  enterTrainee: 'creates or links a person for the caller\'s own institution; the link grants nothing (tested below)',
  declareTeacher: 'creates or links a teacher for the caller\'s own institution; the link grants nothing (tested below)',
  reviewInboxCount: 'counts the caller\'s own inbox (the inbox list is checked above)',
  importKinds: 'the catalogue of import kinds',
  startImport: 'starts a job for the caller\'s own organisation with the caller\'s own file (api/storage/file-api.int.spec.ts checks files)',
  search: 'scope filtered in the engine: api/trainee/trainee-api.int.spec.ts and the link tests below search out of scope',
  ledgerDigests: 'signed digests of the whole log (no record content)',
  ledgerPublicKey: 'the public key',
  ledgerInclusionProof: 'refused without audit:read (api/ledger/ledger-api.int.spec.ts)',
  mySessions: 'the caller\'s own sessions',
  myLoginHistory: 'the caller\'s own stream',
  endMySession: 'only the caller\'s own sessions: another user\'s is NOT_FOUND (api/auth/session-api.int.spec.ts)',
  resetMyTotp: 'the caller itself, with its password and a code',
  scheduledJobs: 'the platform\'s own jobs, of no organisation; refused without job:manage (api/jobs/jobs-api.int.spec.ts)',
  jobRuns: 'runs of the platform\'s own jobs; refused without job:manage',
  runJobNow: 'the platform\'s own jobs; refused without job:manage, nothing written (api/jobs/jobs-api.int.spec.ts)',
  pauseJob: 'the platform\'s own jobs; refused without job:manage, nothing written',
  resumeJob: 'the platform\'s own jobs; refused without job:manage',
  platformMonitor: 'figures of the whole platform (no record content); refused without monitor:read',
  myNotices: 'the caller\'s own inbox: published notices addressed to its organisation or one above it (api/notice/notice-api.int.spec.ts: another county\'s school sees none)',
  unreadNoticeCount: 'counts the caller\'s own inbox',
  draftNotice: 'creates a notice of the caller\'s own organisation; recipients outside its subtree are refused (api/notice/notice-api.int.spec.ts)',
  auditActors: 'names of users for the audit filter, narrowed to the caller\'s scope as the audit lists are; refused without audit:read or security-log:read (api/audit/audit-labels.int.spec.ts)',
  auditRecords: 'the records search index under the caller\'s scope filter (as search); refused without audit:read (api/audit/audit-labels.int.spec.ts)',
  createTechnicalSchool: 'creates a school under an authority in the caller\'s scope, refused otherwise (api/technical-school/technical-school-api.int.spec.ts)',
  openSchoolWindow: 'sets the caller\'s own authority\'s periods only (no record of another organisation is named)',
  closeSchoolWindow: 'closes the caller\'s own authority\'s period only (no record of another organisation is named)',
  declareMajor: 'creates a major of the caller\'s own school (the domain refuses another)',
  addSchoolTeacher: 'adds a teacher to the caller\'s own school (the domain refuses another)',
  schoolTeacherStatistics: 'counts over the list\'s SQL under the caller\'s data scope (api/major/major-api.int.spec.ts: another school counts none)',
  registerStudent: 'registers for the caller\'s own school; a person holding a status elsewhere is refused without naming the school (api/student/student-api.int.spec.ts)',
  studentDuplicateCheck: 'answers only whether an ID number holds a status; where and which only for a record in the caller\'s scope (api/student/student-api.int.spec.ts)',
  nationalRegistryConnected: 'whether the national interface is configured (no record)',
  schoolVocabulary: 'the technical-school code lists (no record)',
  schoolDirectory: 'names and codes of the province\'s schools, public (the national catalogue lists them), for choosing a transfer\'s school',
  aidStandards: 'the waiver and grant standards are province-wide policy every school applies under (no record of another organisation)',
  setAidStandard: 'sets the standard in the caller\'s own department\'s name (the domain refuses another); refused without technical-school:manage',
  requestDiplomaStock: 'requests blanks for the caller\'s own school (no other school can be named)',
  spoilDiplomaBlank: 'spoils a blank of the caller\'s own school\'s stock only (no other school can be named)',
  printDiploma: 'prints a diploma of the caller\'s own school\'s stock only (no other school can be named)',
  amendDiploma: 'applies for a correction on the caller\'s own school\'s stock only (no other school can be named; api/diploma-stock/diploma-stock-api.int.spec.ts)',
  reprintDiploma: 'applies for a reprint on the caller\'s own school\'s stock only (no other school can be named; another prefecture\'s school gets NOT_FOUND in api/diploma-stock/diploma-stock-api.int.spec.ts)',
  cancelDiplomaIssue: 'withdraws a diploma of the caller\'s own school\'s stock only (no other school can be named)',
  uploadDiplomaPhotos: 'each file is the caller\'s own organisation\'s upload and each student is checked against the caller\'s scope before anything is written (api/diploma-photo/diploma-photo-api.int.spec.ts)',
  studentStatistics: 'sums the school_statistics counters of the schools in the caller\'s data scope (api/student/student-api.int.spec.ts: another prefecture counts none)',
  aidStatistics: 'sums the school_statistics counters of the schools in the caller\'s data scope (api/employment/employment-api.int.spec.ts: another prefecture counts none)',
  employmentStatistics: 'sums the school_statistics counters of the schools in the caller\'s data scope (api/employment/employment-api.int.spec.ts: another prefecture counts none)',
  exportForNationalSystem: 'reads only students in the caller\'s scope; a school outside it named in the filter is NOT_FOUND, nothing written (api/student-exchange/student-exchange-api.int.spec.ts)',
  submitToNationalSystem: 'sends only students in the caller\'s scope, as exportForNationalSystem; refused without student:exchange',
  reconcileNationalList: 'compares with students in the caller\'s scope only; the file must be one the caller may read (as startImport)',
  reconcileWithNationalSystem: 'the school must be in the caller\'s scope (NOT_FOUND otherwise, as exportForNationalSystem); refused without student:exchange',
};

/** Money records (issue 14: standards, funds, applications, payments, vouchers) probed out of scope in their own section at the end. */
for (const field of MONEY_PROBED) COVERED.add(field);
for (const field of PERSONAL_SUBSIDY_PROBED) COVERED.add(field);
Object.assign(NOT_A_RECORD, MONEY_NOT_A_RECORD);

/** Training vouchers (issue 14 §4) probed out of scope in their own section at the end. */
for (const field of VOUCHER_PROBED) COVERED.add(field);
Object.assign(NOT_A_RECORD, VOUCHER_NOT_A_RECORD);

/** Capture records (issue 13: captures, fraud signals, reference faces) probed out of scope in their own section at the end. */
for (const field of CAPTURE_PROBED) COVERED.add(field);
Object.assign(NOT_A_RECORD, CAPTURE_NOT_A_RECORD);
// Scope, not faces: the matrix seeds captures without starting the face engine's pool.
process.env.CAPTURE_MATCHER = '0';

/** Training-class fields (issue 12) that name no record of another organisation. */
Object.assign(NOT_A_RECORD, {
  registerTrainingClass: 'creates a class of the caller\'s own institution (the domain refuses another)',
  trainingKindSettings: 'the settings in force, the same for everyone',
  eligibilityPolicy: 'the policy in force, the same for everyone',
  workingCalendar: 'the calendar in force, the same for everyone',
  trainingCertificate: 'answers only for a certificate of a class in the caller\'s scope (api/training-class/training-class-api.int.spec.ts: another county gets null)',
});

const REFUSED = ['FORBIDDEN', 'NOT_FOUND'];

describe('access matrix: every role against records in and out of its scope', () => {
  let api: ApiHarness;
  const sessions = {} as Record<TestUser, Session>;
  let foreignId: string;
  let foreignStream: string;
  let foreignUserId: string;
  /** Records of each school, made by the seeding test below. */
  const seeded = { nanmingSchool: {} as Record<string, string>, yunyanSchool: {} as Record<string, string> };

  beforeAll(async () => {
    api = await startApiHarness();
    for (const user of Object.keys(TEST_USERS) as TestUser[]) sessions[user] = await api.login(user);
    // One record in each of two counties of Guiyang, both waiting at their county.
    const declare = 'mutation($n: String!) { declareOccupation(details: { code: "4-03-02-01", name: $n, level: "4", hours: 120 }, submit: true) { id streamId position } }';
    await api.graphql(sessions.nanmingSchool, declare, { n: '南明中式烹调师' });
    const foreign = await api.graphql<{ declareOccupation: { id: string; streamId: string; position: string } }>(sessions.yunyanSchool, declare, { n: '云岩中式烹调师' });
    foreignId = foreign.data!.declareOccupation.id;
    foreignStream = foreign.data!.declareOccupation.streamId;
    foreignUserId = api.userIds.yunyanReviewer;
    await api.platform.runner.waitFor(BigInt(foreign.data!.declareOccupation.position));
  });
  afterAll(async () => api.close());
  /** Technical schools (issue 15): a school under 贵阳 with a major and a teacher, and a registration period of 南明. */
  const techRecords = { majorId: '', teacherId: '', studentId: '', aidId: '', graduateId: '' };
  beforeAll(async () => {
    await createTestSchool(api.platform, { id: TECH_SCHOOL, name: '贵阳市技师学院', authorityId: ORGS.guiyang, code: '52001' });
    await openTestWindow(api.platform, ORGS.nanming);
    Object.assign(techRecords, await seedSchoolRecords(api.platform, TECH_SCHOOL, [ORGS.guiyang, ORGS.province]));
    // A grant application of the school's student (issue 15 §4), for the aid lists and probes.
    techRecords.aidId = await seedSchoolAid(api.platform, TECH_SCHOOL, techRecords.studentId, [ORGS.guiyang, ORGS.province]);
    // Its blank diplomas (issue 15 §5), for the stock list and probes.
    await seedDiplomaStock(api.platform, TECH_SCHOOL, [ORGS.guiyang, ORGS.province]);
    // A diploma photo of its student, submitted (issue 15 §5), for the photo list and probes.
    await seedDiplomaPhoto(api.platform, TECH_SCHOOL, techRecords.studentId);
    // A graduate with an employment record (issue 15 §6), for the employment lists and probes.
    techRecords.graduateId = await seedEmployment(api.platform, TECH_SCHOOL, [ORGS.guiyang, ORGS.province]);
    await api.settled();
  });

  /** Training classes (issue 12): a class of each school, completed in February, its follow-ups overdue by now. */
  const classRecords = { nanming: { classId: '', traineeId: '', inspectionId: '' }, yunyan: { classId: '', traineeId: '', inspectionId: '' } };
  beforeAll(async () => {
    Object.assign(classRecords.nanming, await seedCompletedClass(api.platform, { institutionId: ORGS.nanmingSchool, countyOrgId: ORGS.nanming, countyCode: '520102', seq: '1' }));
    Object.assign(classRecords.yunyan, await seedCompletedClass(api.platform, { institutionId: ORGS.yunyanSchool, countyOrgId: ORGS.yunyan, countyCode: '520103', seq: '2' }));
    await api.settled();
  }, 120_000);

  /** Money (issue 14): standards, funds, applications, payments and vouchers of both counties. */
  let money: MoneyRecords;
  beforeAll(async () => {
    money = await seedMoneyRecords(api.platform, { nanming: classRecords.nanming.classId, yunyan: classRecords.yunyan.classId });
    await api.settled();
  }, 120_000);
  /** Personal subsidies (issue 14 §2): a start-up subsidy of 南明's SYB graduate, submitted. */
  let personalSubsidies: PersonalSubsidyRecords;
  beforeAll(async () => {
    personalSubsidies = await seedPersonalSubsidyRecords(api.platform, classRecords.nanming);
    await api.settled();
  }, 120_000);

  /** Training vouchers (issue 14 §4): one issued by 南明 to its school's trainee, and 南明's school accepting them. */
  let vouchers: VoucherRecords;
  beforeAll(async () => {
    vouchers = await seedVoucherRecords(api.platform, classRecords.nanming.traineeId);
    await api.settled();
  }, 120_000);

  /** Captures (issue 13): a running class of each school, a check-in each and its fraud signal. */
  let captures: CaptureRecords;
  beforeAll(async () => {
    captures = await seedCaptureRecords(api.platform);
    await api.settled();
  }, 120_000);

  it('seeds every list with records of both counties, and a second institution\'s pending entry of a person', async () => {
    const enter = 'mutation($i: TraineeInput!) { enterTrainee(input: $i, submit: true) { id } }';
    const declare = 'mutation($i: TeacherInput!) { declareTeacher(input: $i, submit: true) { id } }';
    const teacher = (name: string, idNumber: string) => ({ name, idNumber, fullTime: true, subjects: ['烹饪'], level: 'senior', trainingQualification: '', yearsTeaching: 8, trainingHistory: [] });
    const trainees = [['nanmingSchool', '520102199202021223', '南明学员'], ['yunyanSchool', '520103199303031224', '云岩学员']] as const;
    for (const [school, idNumber, name] of trainees) {
      const entered = await api.graphql<{ enterTrainee: { id: string } }>(sessions[school], enter, { i: { name, idNumber, personCategory: 'graduate', phone: '13800138002' } });
      expect(entered.errors).toBeUndefined();
      seeded[school].trainee = entered.data!.enterTrainee.id;
    }
    for (const [school, idNumber, name] of [['nanmingSchool', '520102197701011231', '南明教师'], ['yunyanSchool', '520103197801011235', '云岩教师']] as const) {
      const declared = await api.graphql<{ declareTeacher: { id: string } }>(sessions[school], declare, { i: teacher(name, idNumber) });
      expect(declared.errors).toBeUndefined();
      seeded[school].teacher = declared.data!.declareTeacher.id;
    }
    // 云岩 enters 南明's person while that entry is still a draft of 南明's: a duplicate entry, which
    // must put the person in none of 云岩's lists.
    await api.settled();
    const duplicate = await api.graphql(sessions.yunyanSchool, 'mutation($i: TraineeInput!) { enterTrainee(input: $i) { id } }', { i: { name: '南明学员', idNumber: trainees[0][1], personCategory: 'graduate', phone: '13800138002' } });
    expect([duplicate.errors?.[0]?.extensions.code ?? 'linked']).toEqual([expect.stringMatching(/^(linked|RULE_VIOLATION)$/)]);
    // One import job of each school (the imports list).
    for (const school of ['nanmingSchool', 'yunyanSchool'] as const) {
      const rows = [['*姓名', '*身份证号码', '*人员类别', '*联系电话', '银行账号'], ['导入学员', '520102199404041222', '毕业年度高校毕业生', '13800138003', '']];
      const uploaded = await uploadFile(api.url, sessions[school], '学员导入.xlsx', await xlsxBytes([{ name: '学员导入', rows }]));
      const started = await api.graphql<{ startImport: { id: string } }>(sessions[school], 'mutation($f: ID!) { startImport(kind: "trainee", fileId: $f) { id } }', { f: uploaded.json.fileId });
      expect(started.errors).toBeUndefined();
      seeded[school].importJob = started.data!.startImport.id;
      // The school's live session (online users, 强退).
      seeded[school].session = (await api.platform.knex('sessions').where({ user_id: api.userIds[school] }).whereNull('revoked_at').first('id')).id as string;
    }
    // A notice of 南明's authority to its school (the notices list and the notice probes).
    const notice = await api.graphql<{ draftNotice: { id: string } }>(sessions.nanmingRegistrar, 'mutation($i: NoticeInput!) { draftNotice(input: $i, publish: true) { id } }', { i: { kind: 'notice', title: '矩阵通知', body: '<p>内容</p>', targetOrgIds: [ORGS.nanmingSchool] } });
    expect(notice.errors).toBeUndefined();
    seeded.nanmingSchool.notice = notice.data!.draftNotice.id;
    await api.settled();
  });

  for (const persona of Object.keys(TEST_USERS) as TestUser[]) {
    describe(persona, () => {
      it('sees only organisations in its scope in every list, or is refused', async () => {
        for (const list of LISTS) {
          const body = await api.graphql(sessions[persona], list.query);
          if (body.errors) {
            expect([list.name, body.errors[0]!.extensions.code]).toEqual([list.name, 'FORBIDDEN']);
            continue;
          }
          const items = list.orgsOf(body.data as Record<string, unknown>);
          if (items.length > 0) NON_EMPTY.add(list.name);
          // An item is in scope when one of its owners is; system actions (seeding) carry no
          // organisation, and only the province may see them.
          const visible = (o: string | null) => (o === null ? VISIBLE[persona] === ALL : VISIBLE[persona].includes(o));
          const outside = items.filter((owners) => !owners.some(visible));
          expect([list.name, outside]).toEqual([list.name, []]);
        }
      });

      it('opens the other county\'s record in detail only when it is in scope', async () => {
        const inScope = VISIBLE[persona].includes(ORGS.yunyanSchool);
        const details = [
          `{ r: occupation(id: "${foreignId}") { id } }`,
          `{ r: reviewHistory(streamId: "${foreignStream}") { action } }`,
          `{ r: timeline(streamId: "${foreignStream}") { chainValid } }`,
          `{ r: recordState(streamId: "${foreignStream}") { revision } }`,
          `{ r: timeline(streamId: "user-${foreignUserId}") { chainValid } }`,
        ];
        for (const query of details) {
          const body = await api.graphql(sessions[persona], query);
          const targetOrg = query.includes('user-') ? ORGS.yunyan : ORGS.yunyanSchool;
          const visible = VISIBLE[persona].includes(targetOrg);
          if (!body.errors) expect([query, visible || (body.data as { r: unknown }).r === null]).toEqual([query, true]);
          else expect([query, REFUSED.includes(body.errors[0]!.extensions.code)]).toEqual([query, true]);
          if (!inScope && !query.includes('user-')) {
            // Outside the scope an existing record answers exactly as a missing one does.
            const missing = await api.graphql(sessions[persona], query.replaceAll(foreignId, '00000000-0000-4000-8000-000000000000'));
            expect([query, body.data, body.errors]).toEqual([query, missing.data, missing.errors]);
          }
        }
      });

      it('cannot change the other county\'s records or anyone outside its remit, and a refusal leaves no event', async () => {
        const may = (what: string) =>
          (persona === 'yunyanSchool' && ['edit', 'withdraw'].includes(what)) || (persona === 'yunyanReviewer' && ['approve', 'return', 'reject'].includes(what));
        const mutations: [string, string][] = [
          ['edit', `mutation { r: editOccupation(id: "${foreignId}", details: { code: "4-03-02-01", name: "改名", level: "4", hours: 130 }) { revision } }`],
          ['submit', `mutation { r: submitForReview(streamId: "${foreignStream}") { revision } }`],
          ['approve', `mutation { r: approveReview(streamId: "${foreignStream}", opinion: "同意") { revision } }`],
          ['return', `mutation { r: returnReview(streamId: "${foreignStream}", reason: "退回") { revision } }`],
          ['reject', `mutation { r: rejectReview(streamId: "${foreignStream}", reason: "不同意") { revision } }`],
          ['withdraw', `mutation { r: withdrawReview(streamId: "${foreignStream}") { revision } }`],
        ];
        const before = (await api.platform.store.readStream(foreignStream)).length;
        const inScope = VISIBLE[persona].includes(ORGS.yunyanSchool);
        for (const [what, mutation] of mutations) {
          if (may(what)) continue;
          const error = (await api.graphql(sessions[persona], mutation)).errors?.[0];
          if (inScope) expect([what, error?.extensions.code]).toEqual([what, expect.stringMatching(/^(FORBIDDEN|RULE_VIOLATION)$/)]);
          // Out of scope: refused for a missing permission, or as missing; never with the record's state.
          else expect([what, error?.extensions.code === 'NOT_FOUND' ? error.message : error?.message.startsWith('您没有')]).toEqual([what, error?.extensions.code === 'NOT_FOUND' ? '记录不存在或不在您的数据权限范围内' : true]);
        }
        // The batch approval runs the same checks per record: without review:decide it is refused
        // whole; otherwise the foreign record's outcome is the refusal a single approval would give.
        if (!may('approve')) {
          const batch = await api.graphql<{ r: { approvedCount: number; outcomes: { approved: boolean; code: string; message: string }[] } }>(
            sessions[persona],
            `mutation { r: approveReviews(streamIds: ["${foreignStream}"], opinion: "同意") { approvedCount outcomes { approved code message } } }`,
          );
          const outcome = batch.data?.r.outcomes[0];
          if (batch.errors) expect(['approveReviews', batch.errors[0]!.extensions.code, batch.errors[0]!.message.startsWith('您没有')]).toEqual(['approveReviews', 'FORBIDDEN', true]);
          else if (inScope) expect(['approveReviews', batch.data!.r.approvedCount, outcome?.code]).toEqual(['approveReviews', 0, expect.stringMatching(/^(FORBIDDEN|RULE_VIOLATION)$/)]);
          else expect(['approveReviews', batch.data!.r.approvedCount, outcome?.code, outcome?.message]).toEqual(['approveReviews', 0, 'NOT_FOUND', '记录不存在或不在您的数据权限范围内']);
        }
        expect((await api.platform.store.readStream(foreignStream)).length).toBe(before);

        const adminMutations: [string, string, TestUser[]][] = [
          ['createUser', `mutation { r: createUser(input: { username: "m.${persona.toLowerCase()}", displayName: "x", orgId: "${ORGS.yunyan}", roles: ["reviewer"] }) { oneTimePassword } }`, ['systemAdmin']],
          ['resetUserPassword', `mutation { r: resetUserPassword(userId: "${foreignUserId}") { oneTimePassword } }`, ['systemAdmin']],
          ['changeUserRoles', `mutation { r: changeUserRoles(userId: "${foreignUserId}", roles: ["reviewer"]) { revision } }`, ['securityAdmin']],
          ['resetUserTotp', `mutation { r: resetUserTotp(userId: "${foreignUserId}") { revision } }`, ['securityAdmin']],
          ['defineRole', 'mutation { r: defineRole(name: "matrix_role", input: { label: "测试", duty: "business", permissions: ["occupation:read"], dataScope: "org", requiresSecondFactor: false }) { revision } }', ['securityAdmin']],
          ['setSecurityPolicy', 'mutation { r: setSecurityPolicy(input: { minLength: 8, minCharacterClasses: 3, maxAgeDays: 90, historySize: 5, maxFailedAttempts: 5, lockMinutes: 30, idleMinutes: 30 }) { revision } }', ['securityAdmin']],
        ];
        const userEvents = (await api.platform.store.readStream(`user-${foreignUserId}`)).length;
        for (const [what, mutation, allowed] of adminMutations) {
          if (allowed.includes(persona)) continue;
          const body = await api.graphql(sessions[persona], mutation);
          expect([what, body.errors?.[0]?.extensions.code]).toEqual([what, 'FORBIDDEN']);
        }
        expect((await api.platform.store.readStream(`user-${foreignUserId}`)).length).toBe(userEvents);
      });
    });
  }

  it('every declared list answered someone with records (so the checks above checked something)', () => {
    expect(LISTS.map((l) => l.name).filter((name) => !NON_EMPTY.has(name))).toEqual([]);
  });


  /**
   * Every query and mutation on one record, tried by users for whom 南明's record is out of scope
   * (云岩's school and reviewer, 遵义's reviewer): the answer is the missing record's (null or
   * NOT_FOUND with the one message), or a refusal for a missing permission, and nothing is written.
   */
  describe('every record query and mutation, out of scope, answers as for a missing record and writes nothing', () => {
    const OUTSIDERS: TestUser[] = ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'];
    const probes = (): { field: (typeof PROBED)[number]; stream: string; query: string }[] => {
      const trainee = seeded.nanmingSchool.trainee!;
      const teacher = seeded.nanmingSchool.teacher!;
      return [
        { field: 'institution', stream: `institution-${ORGS.nanmingSchool}`, query: `{ r: institution(id: "${ORGS.nanmingSchool}") { id } }` },
        { field: 'recordAnnualReview', stream: `institution-${ORGS.nanmingSchool}`, query: `mutation { r: recordAnnualReview(id: "${ORGS.nanmingSchool}", year: 2026, outcome: "passed", opinion: "合格") { revision } }` },
        { field: 'revokeInstitution', stream: `institution-${ORGS.nanmingSchool}`, query: `mutation { r: revokeInstitution(id: "${ORGS.nanmingSchool}", reason: "测试") { revision } }` },
        { field: 'trainee', stream: `trainee-${trainee}`, query: `{ r: trainee(id: "${trainee}") { id } }` },
        { field: 'updateTrainee', stream: `trainee-${trainee}`, query: `mutation { r: updateTrainee(id: "${trainee}", input: { name: "改名", personCategory: "graduate" }) { revision } }` },
        { field: 'teacher', stream: `teacher-${teacher}`, query: `{ r: teacher(id: "${teacher}") { id } }` },
        { field: 'updateTeacher', stream: `teacher-${teacher}`, query: `mutation { r: updateTeacher(id: "${teacher}", input: { name: "改名", fullTime: true, subjects: ["烹饪"], level: "senior", trainingQualification: "", yearsTeaching: 9, trainingHistory: [] }) { revision } }` },
        { field: 'certifyTeacherQualification', stream: `teacher-${teacher}`, query: `mutation { r: certifyTeacherQualification(id: "${teacher}", certificateNo: "X-1", certifiedOn: "2026-11-20") { revision } }` },
        { field: 'assignTeacherPoolTier', stream: `teacher-${teacher}`, query: `mutation { r: assignTeacherPoolTier(id: "${teacher}", tier: "county") { revision } }` },
        { field: 'revokeTeacher', stream: `teacher-${teacher}`, query: `mutation { r: revokeTeacher(id: "${teacher}", reason: "测试") { revision } }` },
        { field: 'revealPersonalData', stream: `trainee-${trainee}`, query: `mutation { r: revealPersonalData(streamId: "trainee-${trainee}", field: "phone", reason: "测试") }` },
        { field: 'importJob', stream: `import-${seeded.nanmingSchool.importJob!}`, query: `{ r: importJob(id: "${seeded.nanmingSchool.importJob!}") { id } }` },
        { field: 'notice', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `{ r: notice(id: "${seeded.nanmingSchool.notice!}") { id } }` },
        { field: 'noticeReceipts', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `{ r: noticeReceipts(id: "${seeded.nanmingSchool.notice!}") { readCount } }` },
        { field: 'reviseNotice', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `mutation { r: reviseNotice(id: "${seeded.nanmingSchool.notice!}", input: { kind: "notice", title: "改", body: "<p>改</p>", targetOrgIds: ["${ORGS.nanmingSchool}"] }) { revision } }` },
        { field: 'publishNotice', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `mutation { r: publishNotice(id: "${seeded.nanmingSchool.notice!}") { revision } }` },
        { field: 'withdrawNotice', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `mutation { r: withdrawNotice(id: "${seeded.nanmingSchool.notice!}", reason: "测试") { revision } }` },
        { field: 'markNoticeRead', stream: `notice-${seeded.nanmingSchool.notice!}`, query: `mutation { r: markNoticeRead(id: "${seeded.nanmingSchool.notice!}") { revision } }` },
        { field: 'endSession', stream: `user-${api.userIds.nanmingSchool}`, query: `mutation { r: endSession(sessionId: "${seeded.nanmingSchool.session!}", reason: "测试") { revision } }` },
      ];
    };
    for (const persona of OUTSIDERS) {
      it(persona, async () => {
        for (const probe of probes()) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }
  });

  it('covers every query and mutation of the schema (a new one must be probed here, or say where its scope is tested)', () => {
    const schema = buildSchema('matrix');
    const fields = [...Object.keys(schema.getQueryType()!.getFields()), ...Object.keys(schema.getMutationType()!.getFields())];
    const covered = new Set<string>([...COVERED, ...PROBED, ...LISTS.map((l) => l.name)]);
    expect(fields.filter((f) => !covered.has(f) && !(f in NOT_A_RECORD))).toEqual([]);
  });

  describe('a pending or rejected link to an approved person grants nothing beyond the link', () => {
    const missing = { message: '记录不存在或不在您的数据权限范围内', extensions: { code: 'NOT_FOUND' } };
    const head = () => api.settled();
    const cases = [
      {
        module: 'trainee',
        enter: 'mutation($i: TraineeInput!) { r: enterTrainee(input: $i, submit: true) { id streamId } }',
        input: { name: '龙晓梅', idNumber: '520102199001011221', personCategory: 'graduate', phone: '13800138001' },
        detail: 'query($id: ID!) { r: trainee(id: $id) { name } }',
        list: '{ r: trainees(filter: { idNumber: "520102199001011221" }) { total } }',
        update: 'mutation($id: ID!) { r: updateTrainee(id: $id, input: { name: "冒名顶替", personCategory: "graduate" }) { revision } }',
      },
      {
        module: 'teacher',
        enter: 'mutation($i: TeacherInput!) { r: declareTeacher(input: $i, submit: true) { id streamId } }',
        input: { name: '吴刚', idNumber: '520102198001011235', fullTime: true, subjects: ['电工'], level: 'senior', trainingQualification: '', yearsTeaching: 10, trainingHistory: [] },
        detail: 'query($id: ID!) { r: teacher(id: $id) { name } }',
        list: '{ r: teachers(filter: { idNumber: "520102198001011235" }) { total } }',
        update: 'mutation($id: ID!) { r: updateTeacher(id: $id, input: { name: "冒名顶替", fullTime: true, subjects: ["电工"], level: "senior", trainingQualification: "", yearsTeaching: 40, trainingHistory: [] }) { revision } }',
      },
    ];
    for (const c of cases) {
      it(`${c.module}: another county's institution cannot read or rewrite an approved person by knowing the ID number`, async () => {
        const home = await api.graphql<{ r: { id: string; streamId: string } }>(sessions.nanmingSchool, c.enter, { i: c.input });
        expect(home.errors).toBeUndefined();
        const { id, streamId } = home.data!.r;
        expect((await api.graphql(sessions.nanmingReviewer, `mutation { approveReview(streamId: "${streamId}", opinion: "同意") { revision } }`, {}, await head())).errors).toBeUndefined();
        const linked = await api.graphql<{ r: { id: string } }>(sessions.yunyanSchool, c.enter, { i: c.input });
        expect(linked.data!.r.id).toBe(id);

        const refusesEverything = async (state: string) => {
          const after = await head();
          const before = (await api.platform.store.readStream(streamId)).length;
          const as = sessions.yunyanSchool;
          expect([state, (await api.graphql(as, c.detail, { id }, after)).data]).toEqual([state, { r: null }]);
          expect([state, (await api.graphql(as, c.list, {}, after)).data]).toEqual([state, { r: { total: 0 } }]);
          expect([state, (await api.graphql(as, `{ r: search(q: "${c.input.name}") { total } }`, {}, after)).data]).toEqual([state, { r: { total: 0 } }]);
          for (const query of [`{ r: timeline(streamId: "${streamId}") { chainValid } }`, `{ r: reviewHistory(streamId: "${streamId}") { action } }`, `{ r: recordState(streamId: "${streamId}") { revision } }`]) {
            expect([state, query, (await api.graphql(as, query, {}, after)).errors?.[0]]).toEqual([state, query, expect.objectContaining(missing)]);
          }
          expect([state, (await api.graphql(as, c.update, { id }, after)).errors?.[0]]).toEqual([state, expect.objectContaining(missing)]);
          expect([state, (await api.platform.store.readStream(streamId)).length]).toEqual([state, before]);
        };
        await refusesEverything('pending');
        // The reviewer of the pending link opens the record to decide it, and rejects it.
        expect((await api.graphql(sessions.yunyanReviewer, c.detail, { id }, await head())).data).toEqual({ r: { name: c.input.name } });
        expect((await api.graphql(sessions.yunyanReviewer, `mutation { rejectReview(streamId: "${streamId}", reason: "非本机构学员") { revision } }`, {}, await head())).errors).toBeUndefined();
        await refusesEverything('rejected');
        // The home institution still holds the approved person, and finds it (the searches above could have).
        expect((await api.graphql(sessions.nanmingSchool, c.detail, { id }, await head())).data).toEqual({ r: { name: c.input.name } });
        expect((await api.graphql(sessions.nanmingSchool, `{ r: search(q: "${c.input.name}") { total } }`, {}, await head())).data).toEqual({ r: { total: 1 } });
      });
    }
  });

  /** The technical-school modules' records (issue 15), all of the school under 贵阳: outside every outsider's scope. */
  describe('technical schools: every record query and mutation, out of scope, answers as for a missing record and writes nothing', () => {
    const probes = () => {
      const school = `technical-school-${TECH_SCHOOL}`;
      const major = `major-${techRecords.majorId}`;
      const teacher = `school-teacher-${techRecords.teacherId}`;
      const id = techRecords.studentId;
      const student = `student-${id}`;
      const probe = (field: (typeof TECHNICAL_SCHOOL_PROBED)[number] | 'revealPersonalData', stream: string, query: string) => ({ field, stream, query });
      return [
        probe('technicalSchool', school, `{ r: technicalSchool(id: "${TECH_SCHOOL}") { id } }`),
        probe('proposeTechnicalSchoolInfo', school, `mutation { r: proposeTechnicalSchoolInfo(id: "${TECH_SCHOOL}", info: { name: "改名", level: "senior", nature: "public", address: "贵阳" }) { revision } }`),
        probe('schoolWindowsFor', school, `{ r: schoolWindowsFor(schoolId: "${TECH_SCHOOL}") { open } }`),
        probe('major', major, `{ r: major(id: "${techRecords.majorId}") { id } }`),
        probe('editMajor', major, `mutation { r: editMajor(id: "${techRecords.majorId}", input: { code: "0101-4", name: "改名", field: "machinery", classTypes: ["advanced"], durationYears: 3, enrolmentPlan: 1 }) { revision } }`),
        probe('schoolTeacher', teacher, `{ r: schoolTeacher(id: "${techRecords.teacherId}") { id } }`),
        probe('updateSchoolTeacher', teacher, `mutation { r: updateSchoolTeacher(id: "${techRecords.teacherId}", input: { name: "改名", field: "machinery", title: "lecturer", education: "bachelor", employment: "retired" }) { revision } }`),
        probe('removeSchoolTeacher', teacher, `mutation { r: removeSchoolTeacher(id: "${techRecords.teacherId}", reason: "测试") { revision } }`),
        probe('revealPersonalData', teacher, `mutation { r: revealPersonalData(streamId: "${teacher}", field: "idNumber", reason: "测试") }`),
        probe('student', student, `{ r: student(id: "${id}") { id } }`),
        probe('studentStatusOn', student, `{ r: studentStatusOn(id: "${id}", date: "2026-09-01") { registered } }`),
        probe('updateStudentRegistration', student, `mutation { r: updateStudentRegistration(id: "${id}", input: { name: "改名", householdType: "agricultural", povertyRegistered: false, education: "junior_high", majorId: "m", classType: "intermediate", studyMode: "full_time", cohortYear: 2026, enrolledOn: "2026-09-01" }) { revision } }`),
        probe('cancelStudentRegistration', student, `mutation { r: cancelStudentRegistration(id: "${id}", reason: "测试") { revision } }`),
        probe('applyStudentChange', student, `mutation { r: applyStudentChange(id: "${id}", input: { kind: "withdraw", effectiveOn: "2026-09-01", reason: "测试" }) { revision } }`),
        probe('cancelStudentChange', student, `mutation { r: cancelStudentChange(id: "${id}", reason: "测试") { revision } }`),
        probe('cancelStudentTransfer', student, `mutation { r: cancelStudentTransfer(id: "${id}", reason: "测试") { revision } }`),
        probe('revealPersonalData', student, `mutation { r: revealPersonalData(streamId: "${student}", field: "idNumber", reason: "测试") }`),
        probe('exportStudentCard', student, `mutation { r: exportStudentCard(id: "${id}") { fileName } }`),
        probe('applySchoolAid', student, `mutation { r: applySchoolAid(input: { studentId: "${id}", kind: "waiver", schoolYear: 2026 }) { revision } }`),
        probe('schoolAid', `school-aid-${techRecords.aidId}`, `{ r: schoolAid(id: "${techRecords.aidId}") { id } }`),
        probe('cancelSchoolAid', `school-aid-${techRecords.aidId}`, `mutation { r: cancelSchoolAid(id: "${techRecords.aidId}", reason: "测试") { revision } }`),
        probe('schoolAidPayout', `school-aid-${techRecords.aidId}`, `{ r: schoolAidPayout(id: "${techRecords.aidId}") { fundId } }`),
        probe('recordSchoolAidPayoutAccount', `school-aid-${techRecords.aidId}`, `mutation { r: recordSchoolAidPayoutAccount(id: "${techRecords.aidId}", account: "6217001234567890128", accountName: "测试") { revision } }`),
        probe('reissueSchoolAidInstalment', `school-aid-${techRecords.aidId}`, `mutation { r: reissueSchoolAidInstalment(id: "${techRecords.aidId}", no: 1) { revision } }`),
        probe('diplomaStock', `diploma-stock-${TECH_SCHOOL}`, `{ r: diplomaStock(schoolId: "${TECH_SCHOOL}") { allocated } }`),
        probe('issueDiploma', `diploma-stock-${TECH_SCHOOL}`, `mutation { r: issueDiploma(studentId: "${id}") { revision } }`),
        probe('diplomaPhoto', `diploma-photo-${id}`, `{ r: diplomaPhoto(studentId: "${id}") { studentName } }`),
        probe('uploadDiplomaPhoto', `diploma-photo-${id}`, `mutation { r: uploadDiplomaPhoto(studentId: "${id}", fileId: "00000000-0000-4000-8000-000000000000") { revision } }`),
        probe('employment', `employment-${techRecords.graduateId}`, `{ r: employment(id: "${techRecords.graduateId}") { id } }`),
        probe('recordEmployment', `employment-${techRecords.graduateId}`, `mutation { r: recordEmployment(studentId: "${techRecords.graduateId}", input: { destination: "seeking" }) { revision } }`),
        probe('correctEmployment', `employment-${techRecords.graduateId}`, `mutation { r: correctEmployment(studentId: "${techRecords.graduateId}", input: { destination: "seeking" }, reason: "测试") { revision } }`),
      ];
    };
    for (const persona of ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'] as TestUser[]) {
      it(persona, async () => {
        for (const probe of probes()) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }
  });
  /** Training classes (issue 12): 南明's class, out of every outsider's scope; the province's settings, changed by nobody here. */
  describe('training classes: every class query and mutation, out of scope, answers as for a missing record and writes nothing', () => {
    const probes = () => {
      const { classId, traineeId, inspectionId } = classRecords.nanming;
      const stream = `training-class-${classId}`;
      const on = (field: (typeof TRAINING_CLASS_PROBED)[number], query: string) => ({ field, stream, query });
      const args = `id: "${classId}"`;
      return [
        on('trainingClass', `{ r: trainingClass(${args}) { id } }`),
        on('trainingClassEligibility', `{ r: trainingClassEligibility(${args}, personIds: ["${traineeId}"]) { eligible } }`),
        on('editTrainingClass', `mutation { r: editTrainingClass(${args}, input: { name: "改名" }) { revision } }`),
        on('setTrainingClassTimetable', `mutation { r: setTrainingClassTimetable(${args}, sessions: []) { revision } }`),
        on('assignTrainingClassTeachers', `mutation { r: assignTrainingClassTeachers(${args}, teacherIds: []) { revision } }`),
        on('enrolTrainingClassParticipants', `mutation { r: enrolTrainingClassParticipants(${args}, enrolments: [{ personId: "${traineeId}", commitmentSigned: true, commitmentSignedOn: "2026-01-05" }]) { revision } }`),
        on('enrolTrainingClassByIdNumber', `mutation { r: enrolTrainingClassByIdNumber(${args}, idNumber: "520102199606064021", commitmentSigned: true, commitmentSignedOn: "2026-01-05") { revision } }`),
        on('withdrawTrainingClassParticipant', `mutation { r: withdrawTrainingClassParticipant(${args}, participantId: "${traineeId}", reason: "测试") { revision } }`),
        on('declareTrainingClass', `mutation { r: declareTrainingClass(${args}, declaration: { commitment: true }) { revision } }`),
        on('proposeTrainingClassChange', `mutation { r: proposeTrainingClassChange(${args}, change: { reason: "测试" }) { revision } }`),
        on('discardTrainingClassChange', `mutation { r: discardTrainingClassChange(${args}, reason: "测试") { revision } }`),
        on('startTrainingClass', `mutation { r: startTrainingClass(${args}) { revision } }`),
        on('suspendTrainingClass', `mutation { r: suspendTrainingClass(${args}, reason: "测试") { revision } }`),
        on('resumeTrainingClass', `mutation { r: resumeTrainingClass(${args}, reason: "测试") { revision } }`),
        on('cancelTrainingClass', `mutation { r: cancelTrainingClass(${args}, reason: "测试") { revision } }`),
        on('markTrainingClassAttendance', `mutation { r: markTrainingClassAttendance(${args}, sessionId: "2026-02-02T09:00", participantId: "${traineeId}", present: false, reason: "测试") { revision } }`),
        on('markTrainingClassRollCall', `mutation { r: markTrainingClassRollCall(${args}, sessionId: "2026-02-02T09:00", present: ["${traineeId}"], absent: [], reason: "测试") { revision } }`),
        on('recordTrainingClassAssessments', `mutation { r: recordTrainingClassAssessments(${args}, results: [{ participantId: "${traineeId}", writtenScore: 10, passed: false }]) { revision } }`),
        on('requestTrainingClassCompletion', `mutation { r: requestTrainingClassCompletion(${args}) { revision } }`),
        on('recordTrainingClassFollowUp', `mutation { r: recordTrainingClassFollowUp(${args}, followUp: { participantId: "${traineeId}", milestone: 3, status: "unemployed", contactedOn: "2026-06-01" }) { revision } }`),
        on('printTrainingClassCertificates', `mutation { r: printTrainingClassCertificates(${args}) { revision } }`),
        on('recordTrainingClassInspection', `mutation { r: recordTrainingClassInspection(${args}, inspection: { mode: "remote", inspectedOn: "2026-02-02", findings: "测试", rectificationRequired: false }) { revision } }`),
        on('replyTrainingClassRectification', `mutation { r: replyTrainingClassRectification(${args}, inspectionId: "${inspectionId}", reply: "测试") { revision } }`),
        on('decideTrainingClassRectification', `mutation { r: decideTrainingClassRectification(${args}, inspectionId: "${inspectionId}", accepted: true, opinion: "测试") { revision } }`),
        { field: 'imposeInstitutionPenalty' as const, stream: `institution-${ORGS.nanmingSchool}`, query: `mutation { r: imposeInstitutionPenalty(institutionId: "${ORGS.nanmingSchool}", kind: "interview", reason: "测试") { revision } }` },
        { field: 'institutionPenalties' as const, stream: `institution-${ORGS.nanmingSchool}`, query: `{ r: institutionPenalties(institutionId: "${ORGS.nanmingSchool}") { penaltyId } }` },
        { field: 'personTrainingSessions' as const, stream, query: `{ r: personTrainingSessions(personKind: "trainee", personId: "${traineeId}", from: "2026-01-01", to: "2026-12-31") { classId } }` },
      ];
    };
    for (const persona of ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'] as TestUser[]) {
      it(persona, async () => {
        for (const probe of probes()) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          // A person outside the scope has no sessions to show: an empty list, as for a missing one.
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null) || (Array.isArray(answer) && answer.length === 0);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }

    it('lets nobody but the provincial authority change the calendar, the eligibility policy or the settings, and a refusal writes nothing', async () => {
      const streams = ['working-day-calendar-province', 'subsidy-eligibility-policy-province', 'training-kind-settings-province'];
      const before = await Promise.all(streams.map(async (s) => (await api.platform.store.readStream(s)).length));
      const mutations: [(typeof TRAINING_CLASS_PROBED)[number], string][] = [
        ['changeTrainingKindSettings', 'mutation { r: changeTrainingKindSettings(kind: "employment", settings: { declarationLeadWorkingDays: 1 }, reason: "测试") { revision } }'],
        ['changeEligibilityPolicy', 'mutation { r: changeEligibilityPolicy(policy: { maxSubsidisedTotal: 9, sameSubjectOnce: false, noLowerLevelAfterHigher: false, basis: "测试" }, reason: "测试") { revision } }'],
        ['setCalendarDay', 'mutation { r: setCalendarDay(date: "2026-12-07", kind: "holiday", name: "测试", reason: "测试") { revision } }'],
        ['clearCalendarDay', 'mutation { r: clearCalendarDay(date: "2026-10-01", reason: "测试") { revision } }'],
        ['importHolidayNotice', 'mutation { r: importHolidayNotice(year: 2026) { revision } }'],
      ];
      for (const persona of Object.keys(TEST_USERS) as TestUser[]) {
        for (const [field, mutation] of mutations) {
          const error = (await api.graphql(sessions[persona], mutation)).errors?.[0];
          expect([persona, field, error?.extensions.code]).toEqual([persona, field, 'FORBIDDEN']);
        }
      }
      expect(await Promise.all(streams.map(async (s) => (await api.platform.store.readStream(s)).length))).toEqual(before);
    });
  });
  /** Money (issue 14): 南明's fund and records, 贵阳's standard; outside 云岩's and 遵义's scope. */
  describe('money: every standard, fund, application, payment and voucher query and mutation, out of scope, answers as for a missing record and writes nothing', () => {
    for (const persona of ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'] as TestUser[]) {
      it(persona, async () => {
        for (const probe of [...moneyProbes(money), ...personalSubsidyProbes(personalSubsidies)]) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null) || (Array.isArray(answer) && answer.length === 0);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }
  });
  /** Training vouchers (issue 14 §4): 南明's voucher and its school's acceptance; outside 云岩's and 遵义's scope. */
  describe('vouchers: every voucher query and mutation naming a record, out of scope, answers as for a missing record and writes nothing', () => {
    for (const persona of ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'] as TestUser[]) {
      it(persona, async () => {
        for (const probe of voucherProbes(vouchers)) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }
  });
  /** Captures (issue 13): 南明's class, capture, signal and people; outside 云岩's and 遵义's scope. */
  describe('captures: every capture, signal and reference-face query and mutation, out of scope, answers as for a missing record and writes nothing', () => {
    for (const persona of ['yunyanSchool', 'yunyanReviewer', 'zunyiReviewer'] as TestUser[]) {
      it(persona, async () => {
        for (const probe of captureProbes(captures)) {
          const before = (await api.platform.store.readStream(probe.stream)).length;
          const body = await api.graphql(sessions[persona], probe.query, {}, await api.settled());
          const error = body.errors?.[0];
          const answer = error ? (error.extensions.code === 'NOT_FOUND' ? error.message : error.message.startsWith('您没有') ? 'permission' : error.message) : (body.data as { r: unknown }).r;
          const asMissing = [null, '记录不存在或不在您的数据权限范围内', 'permission'].includes(answer as string | null);
          expect([probe.field, answer]).toEqual([probe.field, asMissing ? answer : '（应与不存在的记录相同）']);
          expect([probe.field, (await api.platform.store.readStream(probe.stream)).length]).toEqual([probe.field, before]);
        }
      });
    }
    it('lists a day\'s sessions of the running classes in the caller\'s scope only (captureSessionsOn)', async () => {
      const classesSeen = async (persona: TestUser) => {
        const body = await api.graphql(sessions[persona], `{ r: captureSessionsOn(date: "${captures.nanming.date}") { items { classId sessionId } } }`, {}, await api.settled());
        return (body.data as { r: { items: { classId: string; sessionId: string }[] } }).r.items.map((i) => `${i.classId} ${i.sessionId}`);
      };
      const nanming = `${captures.nanming.classId} ${captures.nanming.sessionId}`;
      const yunyan = `${captures.yunyan.classId} ${captures.yunyan.sessionId}`;
      expect(await classesSeen('nanmingSchool')).toEqual(expect.arrayContaining([nanming]));
      expect(await classesSeen('yunyanSchool')).toEqual(expect.arrayContaining([yunyan]));
      expect(await classesSeen('yunyanSchool')).not.toContain(nanming);
      const zunyi = await classesSeen('zunyiReviewer');
      expect([zunyi.includes(nanming), zunyi.includes(yunyan)]).toEqual([false, false]);
    });
    it('lets no test user change the capture policy or the photo retention, and a refusal writes nothing', async () => {
      const before = (await api.platform.store.readStream(CAPTURE_POLICY_STREAM)).length;
      for (const persona of Object.keys(TEST_USERS) as TestUser[]) {
        for (const [field, mutation] of CAPTURE_SETTINGS_MUTATIONS) {
          const error = (await api.graphql(sessions[persona], mutation)).errors?.[0];
          expect([persona, field, error?.extensions.code]).toEqual([persona, field, 'FORBIDDEN']);
        }
      }
      expect((await api.platform.store.readStream(CAPTURE_POLICY_STREAM)).length).toBe(before);
    });
  });
});
