// Diploma photos over real HTTP (issue 15 §5): the school uploads a graduate's photo through the
// storage port and submits it, the province approves it, the approved diploma prints with it (the PDF
// read back by pdfjs paints one image); a batch of files named by ID numbers is taken file by file (a
// duplicate, a wrong name and a landscape photo refused in Chinese); the approved photos export as a
// zip named by ID number or by diploma number, each export recorded; another prefecture's school
// sees, uploads and exports nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import yauzl from 'yauzl';
import { parseChangeInput } from '../../domain/student/student-change';
import { registrationInputSchema } from '../../domain/student/student-input';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { testPortrait } from '../../testing/diploma-photo';
import { ORGS } from '../../testing/seed';
import { idNumber, uploadFile } from '../../testing/spreadsheets';
import { actingAs, approvedTestMajor, chinaDay, createTestSchool, extraUser, openTestWindow, testRegistration } from '../../testing/technical-school';

const portrait = testPortrait;

function unzipNames(zip: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, file) => {
      if (error || !file) return reject(error);
      const names: string[] = [];
      file.on('entry', (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        file.readEntry();
      });
      file.on('end', () => resolve(names.sort()));
      file.on('error', reject);
      file.readEntry();
    }),
  );
}

async function imagesPainted(pdf: Buffer): Promise<number> {
  const doc = await getDocument({ data: new Uint8Array(pdf), verbosity: 0, isEvalSupported: false }).promise;
  const ops = await (await doc.getPage(1)).getOperatorList();
  await doc.destroy();
  return ops.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
}

describe('diploma photos (GraphQL over real HTTP)', () => {
  let api: ApiHarness;
  let reviewer: Session;
  let school: Session;
  let outsider: Session;
  let A: string;
  let graduate: string;
  let inSchool: string;
  const numbers = [idNumber('520102', '20080506', 171), idNumber('520103', '20080708', 182)];

  beforeAll(async () => {
    api = await startApiHarness();
    A = await createTestSchool(api.platform, { name: '贵州省交通技师学院', authorityId: ORGS.province, code: '52301' });
    const C = await createTestSchool(api.platform, { name: '遵义市技师学院', authorityId: ORGS.zunyi, code: '52303', divisionCode: '520300' });
    const major = await approvedTestMajor(api.platform, A, [ORGS.province]);
    await openTestWindow(api.platform, ORGS.province);
    const as = () => actingAs(`op-${A}`, A, 'school_operator');
    const rev = () => actingAs('rev', ORGS.province, 'reviewer');
    const ids: string[] = [];
    for (const [i, number] of numbers.entries()) {
      const input = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(number, major, { name: i === 0 ? '王小红' : '李明', enrolledOn: chinaDay(-30) }), phone: null });
      const registered = await api.platform.commands.students.register(A, input, as(), { submit: true });
      await api.platform.commands.reviews.approve(registered.streamId, '同意', [], rev());
      ids.push(registered.streamId.slice('student-'.length));
    }
    [graduate, inSchool] = ids as [string, string];
    const graduation = await api.platform.commands.students.applyForChange(graduate, A, parseChangeInput({ kind: 'graduate', effectiveOn: chinaDay(0), reason: '修完全部课程，考核合格' }), as(), { submit: true });
    await api.platform.commands.reviews.approve(graduation.streamId, '同意', [], rev());
    const requested = await api.platform.commands.diplomaStocks.request(A, 3, '毕业季', as(), { submit: true });
    await api.platform.commands.reviews.approve(requested.streamId, '同意', [], rev());
    [reviewer, school, outsider] = await Promise.all([
      extraUser(api, { username: 'zp_shenhe', orgId: ORGS.province, roles: ['reviewer'] }).then((u) => u.session),
      extraUser(api, { username: 'zp_jt', orgId: A, roles: ['school_operator'] }).then((u) => u.session),
      extraUser(api, { username: 'zp_zy', orgId: C, roles: ['school_operator'] }).then((u) => u.session),
    ]);
  }, 120_000);
  afterAll(async () => api.close());

  const upload = async (session: Session, name: string, bytes: Buffer) => {
    const uploaded = await uploadFile(api.url, session, name, bytes, { purpose: 'diploma-photo' });
    expect(uploaded.status).toBe(201);
    return uploaded.json.fileId as string;
  };
  const PHOTO = 'query($s: ID!) { diplomaPhoto(studentId: $s) { studentName reviewStatus pending { width height } approved { fileId width height } } }';
  const photoOf = async (session: Session, studentId: string) => (await api.graphql<{ diplomaPhoto: Record<string, unknown> | null }>(session, PHOTO, { s: studentId }, await api.settled())).data!.diplomaPhoto;

  it('the school uploads and submits a graduate\'s photo; a landscape one is refused; the province approves it', async () => {
    const landscape = await upload(school, 'landscape.jpg', portrait(500, 400));
    const refused = await api.graphql(school, `mutation { uploadDiplomaPhoto(studentId: "${graduate}", fileId: "${landscape}") { revision } }`);
    expect(refused.errors![0]!.extensions.fields).toEqual([{ field: 'photo', message: '照片应为竖版（高大于宽）证件照' }]);
    const fileId = await upload(school, '王小红.jpg', portrait());
    const done = await api.graphql(school, `mutation { uploadDiplomaPhoto(studentId: "${graduate}", fileId: "${fileId}", submit: true) { revision } }`);
    expect(done.errors).toBeUndefined();
    expect(await photoOf(school, graduate)).toMatchObject({ studentName: '王小红', reviewStatus: 'pending', pending: { width: 300, height: 400 }, approved: null });
    const approved = await api.graphql(reviewer, `mutation { approveReview(streamId: "diploma-photo-${graduate}", opinion: "照片合格") { revision } }`, {}, await api.settled());
    expect(approved.errors).toBeUndefined();
    expect(await photoOf(reviewer, graduate)).toMatchObject({ reviewStatus: 'approved', pending: null, approved: { fileId, width: 300, height: 400 } });
  });

  it('the approved diploma prints with the approved photo', async () => {
    expect((await api.graphql(school, `mutation { issueDiploma(studentId: "${graduate}") { revision } }`)).errors).toBeUndefined();
    expect((await api.graphql(school, `mutation { submitForReview(streamId: "diploma-stock-${A}") { revision } }`)).errors).toBeUndefined();
    expect((await api.graphql(reviewer, `mutation { approveReview(streamId: "diploma-stock-${A}", opinion: "同意") { revision } }`, {}, await api.settled())).errors).toBeUndefined();
    const printed = await api.graphql<{ printDiploma: { contentBase64: string } }>(school, 'mutation { printDiploma(number: "52301-000001") { contentBase64 } }');
    expect(printed.errors).toBeUndefined();
    expect(await imagesPainted(Buffer.from(printed.data!.printDiploma.contentBase64, 'base64'))).toBe(1);
  });

  it('a batch named by ID numbers is taken file by file: one photo per student, a wrong name refused', async () => {
    const [good, twiceA, twiceB, badName] = [
      await upload(school, `${numbers[1]}.jpg`, portrait(300, 400, 2)),
      await upload(school, `${numbers[0]}.jpg`, portrait(300, 400, 3)),
      await upload(school, `${numbers[0]}.JPG`, portrait(300, 400, 4)),
      await upload(school, '李明.jpg', portrait(300, 400, 5)),
    ];
    const batch = await api.graphql<{ uploadDiplomaPhotos: { fileId: string; ok: boolean; studentName: string | null; message: string | null }[] }>(
      school,
      `mutation { uploadDiplomaPhotos(fileIds: ["${good}", "${twiceA}", "${twiceB}", "${badName}"], submit: true) { fileId ok studentName message } }`,
    );
    expect(batch.errors).toBeUndefined();
    expect(batch.data!.uploadDiplomaPhotos).toEqual([
      { fileId: good, ok: true, studentName: '李明', message: null },
      { fileId: twiceA, ok: false, studentName: null, message: '同一名学生有多张照片，每名学生只能上传一张' },
      { fileId: twiceB, ok: false, studentName: null, message: '同一名学生有多张照片，每名学生只能上传一张' },
      { fileId: badName, ok: false, studentName: null, message: '文件名应为学生的身份证号码（如 520102200805061511.jpg）' },
    ]);
    expect(await photoOf(school, inSchool)).toMatchObject({ reviewStatus: 'pending' });
    // The graduate's approved photo is untouched by the refused files.
    expect(await photoOf(school, graduate)).toMatchObject({ reviewStatus: 'approved', pending: null });
  });

  it('exports the approved photos as a zip named by ID number or by diploma number, each export recorded', async () => {
    const ZIP = 'mutation($s: ID!, $n: String!) { exportDiplomaPhotos(schoolId: $s, namedBy: $n) { fileName contentBase64 count skipped } }';
    const byId = await api.graphql<{ exportDiplomaPhotos: { fileName: string; contentBase64: string; count: number; skipped: number } }>(reviewer, ZIP, { s: A, n: 'ID_NUMBER' });
    expect(byId.errors).toBeUndefined();
    expect(byId.data!.exportDiplomaPhotos).toMatchObject({ fileName: '毕业证照片-贵州省交通技师学院-按身份证号.zip', count: 1, skipped: 0 });
    expect(await unzipNames(Buffer.from(byId.data!.exportDiplomaPhotos.contentBase64, 'base64'))).toEqual([`${numbers[0]}.jpg`]);
    const byNumber = await api.graphql<{ exportDiplomaPhotos: { contentBase64: string } }>(school, ZIP, { s: A, n: 'DIPLOMA_NUMBER' });
    expect(await unzipNames(Buffer.from(byNumber.data!.exportDiplomaPhotos.contentBase64, 'base64'))).toEqual(['52301-000001.jpg']);
    const exports = (await api.platform.store.readStream(`diploma-stock-${A}`)).filter((e) => e.type === 'DiplomaPhotosExported');
    expect(exports.map((e) => [e.data.namedBy, e.data.studentIds, e.metadata.actorOrgId])).toEqual([
      ['idNumber', [graduate], ORGS.province],
      ['diplomaNumber', [graduate], A],
    ]);
    expect((await api.graphql(school, ZIP, { s: A, n: 'NAME' })).errors![0]!.extensions.fields).toEqual([{ field: 'namedBy', message: '命名方式不在可选范围内' }]);
  });

  it('another prefecture\'s school sees no photo, uploads none for another school\'s student and exports nothing; nothing is written', async () => {
    const fileId = await upload(outsider, 'x.jpg', portrait(300, 400, 9));
    const before = Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
    expect(await photoOf(outsider, graduate)).toBeNull();
    expect((await api.graphql(outsider, `mutation { uploadDiplomaPhoto(studentId: "${graduate}", fileId: "${fileId}") { revision } }`)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql(outsider, `mutation { exportDiplomaPhotos(schoolId: "${A}", namedBy: "ID_NUMBER") { count } }`)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await api.graphql<{ diplomaPhotos: { total: number } }>(outsider, '{ diplomaPhotos { total } }')).data!.diplomaPhotos.total).toBe(0);
    expect(Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n)).toBe(before);
  });
});
