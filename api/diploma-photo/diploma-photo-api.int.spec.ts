// Diploma photos over real HTTP (issue 15 §5): the school uploads a graduate's photo through the
// storage port and submits it, the province approves it, the approved diploma prints with it (the PDF
// read back by pdfjs paints one image); a batch of files named by ID numbers is taken file by file (a
// duplicate, a wrong name and a landscape photo refused in Chinese); a zip named by ID numbers or
// student numbers is taken entry by entry over HTTP (POST /diploma-photos/zip, NDJSON lines), a
// refused entry leaving nothing behind; the approved photos export as a zip streamed over HTTP (GET
// /diploma-photos/export.zip) named by ID number or by diploma number, each export recorded; another
// prefecture's school sees, uploads and exports nothing, and nothing is recorded for it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';
import yauzl from 'yauzl';
import yazl from 'yazl';
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

/** A zip of the given entries (as a school's archiver would make it). */
async function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of entries) zip.addBuffer(bytes, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
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
  const numbers = [idNumber('520102', '20080506', 171), idNumber('520103', '20080708', 182), idNumber('520102', '20080909', 193), idNumber('520103', '20081010', 204)];
  /** Students registered for the zip upload: by ID number, and by student number XH-0004. */
  let zipById: string;
  let zipByNumber: string;

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
      const input = registrationInputSchema(chinaDay(0)).parse({ ...testRegistration(number, major, { name: ['王小红', '李明', '张三', '赵四'][i], enrolledOn: chinaDay(-30), ...(i === 3 ? { studentNumber: 'XH-0004' } : {}) }), phone: null });
      const registered = await api.platform.commands.students.register(A, input, as(), { submit: true });
      await api.platform.commands.reviews.approve(registered.streamId, '同意', [], rev());
      ids.push(registered.streamId.slice('student-'.length));
    }
    [graduate, inSchool, zipById, zipByNumber] = ids as [string, string, string, string];
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

  const zipUpload = async (session: Session, query: string, zip: Buffer, fileName = 'photos.zip', csrf = true) => {
    const body = new FormData();
    body.append('file', new Blob([zip]), fileName);
    const response = await fetch(`${api.url}/diploma-photos/zip?${query}`, { method: 'POST', headers: { cookie: session.cookie, ...(csrf ? { 'x-csrf-token': session.csrf } : {}) }, body });
    const text = await response.text();
    return { status: response.status, lines: response.ok ? text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [], error: response.ok ? null : (JSON.parse(text) as { errors: { message: string }[] }).errors[0]!.message };
  };
  const countEvents = async (type: string) => Number((await api.platform.knex('events').where({ type }).count({ n: '*' }))[0]!.n);

  it('a zip named by ID numbers is taken entry by entry, each refused entry with its reason and nothing written for it', async () => {
    const [filesBefore, uploadsBefore] = [await countEvents('FileStored'), await countEvents('DiplomaPhotoUploaded')];
    const zip = await zipOf([
      [`photos/${numbers[2]}.jpg`, portrait(300, 400, 11)],
      [`${numbers[1]}.jpg`, portrait(300, 400, 12)],
      [`${numbers[3]}.png`, portrait(300, 400, 13)],
      [`${idNumber('520102', '20080101', 215)}.jpg`, portrait(300, 400, 14)],
      ['说明.txt', Buffer.from('照片说明')],
      ['__MACOSX/._x.jpg', Buffer.from('mac')],
    ]);
    const { status, lines } = await zipUpload(school, 'namedBy=ID_NUMBER&submit=true', zip);
    expect(status).toBe(200);
    expect(lines[0]).toEqual({ total: 5 });
    expect(lines.slice(1, -1).map((l) => [l.name, l.ok, l.studentName, l.message])).toEqual([
      [`${numbers[2]}.jpg`, true, '张三', null],
      [`${numbers[1]}.jpg`, false, null, '李明的照片正在审核中，请等待审核结果或撤回后再上传'],
      [`${numbers[3]}.png`, false, null, '文件内容与扩展名不符：不是 PNG 图片'],
      [`${idNumber('520102', '20080101', 215)}.jpg`, false, null, '没有该身份证号码的学籍记录'],
      ['说明.txt', false, null, '文件名应为学生的身份证号码（如 520102200805061511.jpg）'],
    ]);
    expect(lines.at(-1)).toEqual({ done: true, accepted: 1, refused: 4 });
    // One photo stored and recorded, the refused four left nothing (not even a stored file).
    expect([await countEvents('FileStored') - filesBefore, await countEvents('DiplomaPhotoUploaded') - uploadsBefore]).toEqual([1, 1]);
    expect(await photoOf(school, zipById)).toMatchObject({ studentName: '张三', reviewStatus: 'pending', pending: { width: 300, height: 400 } });
  });

  it('a zip named by student numbers finds the school\'s own student; two photos of one student, a landscape photo and a non-zip are refused', async () => {
    const twice = await zipUpload(school, 'namedBy=STUDENT_NUMBER', await zipOf([['xh-0004.jpg', portrait(300, 400, 21)], ['XH-0004.JPG', portrait(300, 400, 22)], ['XH-9999.jpg', portrait(300, 400, 23)]]));
    expect(twice.lines.slice(1, -1).map((l) => [l.ok, l.message])).toEqual([
      [false, '压缩包中同一名学生有多张照片，每名学生只能上传一张'],
      [false, '压缩包中同一名学生有多张照片，每名学生只能上传一张'],
      [false, '本校没有学号为 XH-9999 的学生'],
    ]);
    const landscape = await zipUpload(school, 'namedBy=STUDENT_NUMBER', await zipOf([['XH-0004.jpg', portrait(500, 400, 24)]]));
    expect(landscape.lines[1]).toMatchObject({ ok: false, message: '照片应为竖版（高大于宽）证件照' });
    const good = await zipUpload(school, 'namedBy=STUDENT_NUMBER', await zipOf([['XH-0004.jpg', portrait(300, 400, 25)]]));
    expect(good.lines[1]).toMatchObject({ ok: true, studentId: zipByNumber, studentName: '赵四' });
    expect(await zipUpload(school, 'namedBy=STUDENT_NUMBER', Buffer.from('not a zip'))).toMatchObject({ status: 400, error: '不是有效的 zip 压缩包，请重新打包后上传' });
    expect(await zipUpload(school, 'namedBy=STUDENT_NUMBER', portrait(), 'photo.jpg')).toMatchObject({ status: 400, error: '请上传 .zip 压缩包' });
    expect(await zipUpload(school, 'namedBy=NAME', await zipOf([['a.jpg', portrait()]]))).toMatchObject({ status: 400, error: '命名方式不在可选范围内' });
    expect((await zipUpload(reviewer, 'namedBy=ID_NUMBER', await zipOf([['a.jpg', portrait()]]))).status).toBe(403);
    // Without the session's CSRF token the upload is refused before anything is read.
    const uploadsBefore = await countEvents('DiplomaPhotoUploaded');
    expect((await zipUpload(school, 'namedBy=STUDENT_NUMBER', await zipOf([['XH-0004.jpg', portrait(300, 400, 26)]]), 'photos.zip', false)).status).toBe(403);
    expect(await countEvents('DiplomaPhotoUploaded')).toBe(uploadsBefore);
  });

  const exportZip = (session: Session | null, query: string) => fetch(`${api.url}/diploma-photos/export.zip?${query}`, { headers: session ? { cookie: session.cookie } : {} });

  it('exports the approved photos as a zip streamed over HTTP, named by ID number or by diploma number, each export recorded', async () => {
    const byId = await exportZip(reviewer, `schoolId=${A}&namedBy=ID_NUMBER`);
    expect(byId.status).toBe(200);
    expect(byId.headers.get('content-type')).toBe('application/zip');
    expect(decodeURIComponent(byId.headers.get('content-disposition')!)).toContain('毕业证照片-贵州省交通技师学院-按身份证号.zip');
    expect([byId.headers.get('x-photos-count'), byId.headers.get('x-photos-skipped')]).toEqual(['1', '0']);
    expect(await unzipNames(Buffer.from(await byId.arrayBuffer()))).toEqual([`${numbers[0]}.jpg`]);
    const byNumber = await exportZip(school, `schoolId=${A}&namedBy=DIPLOMA_NUMBER`);
    expect(await unzipNames(Buffer.from(await byNumber.arrayBuffer()))).toEqual(['52301-000001.jpg']);
    const exports = (await api.platform.store.readStream(`diploma-stock-${A}`)).filter((e) => e.type === 'DiplomaPhotosExported');
    expect(exports.map((e) => [e.data.namedBy, e.data.studentIds, e.metadata.actorOrgId])).toEqual([
      ['idNumber', [graduate], ORGS.province],
      ['diplomaNumber', [graduate], A],
    ]);
    const bad = await exportZip(school, `schoolId=${A}&namedBy=NAME`);
    expect([bad.status, ((await bad.json()) as { errors: { message: string }[] }).errors[0]!.message]).toEqual([400, '命名方式不在可选范围内']);
    expect((await exportZip(null, `schoolId=${A}&namedBy=ID_NUMBER`)).status).toBe(401);
  });

  it('another prefecture\'s school sees no photo, uploads none (by file or zip) for another school\'s student and exports nothing; nothing is written or recorded as exported', async () => {
    const fileId = await upload(outsider, 'x.jpg', portrait(300, 400, 9));
    const before = Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n);
    expect(await photoOf(outsider, graduate)).toBeNull();
    expect((await api.graphql(outsider, `mutation { uploadDiplomaPhoto(studentId: "${graduate}", fileId: "${fileId}") { revision } }`)).errors![0]!.extensions.code).toBe('NOT_FOUND');
    const exported = await exportZip(outsider, `schoolId=${A}&namedBy=ID_NUMBER`);
    expect([exported.status, ((await exported.json()) as { errors: { message: string }[] }).errors[0]!.message]).toEqual([404, '该院校没有已审核通过的毕业证照片']);
    const zipped = await zipUpload(outsider, 'namedBy=ID_NUMBER', await zipOf([[`${numbers[0]}.jpg`, portrait(300, 400, 31)]]));
    expect(zipped.lines[1]).toMatchObject({ ok: false, message: '没有该身份证号码的学籍记录' });
    expect((await api.graphql<{ diplomaPhotos: { total: number } }>(outsider, '{ diplomaPhotos { total } }')).data!.diplomaPhotos.total).toBe(0);
    expect(Number((await api.platform.knex('events').count({ n: '*' }))[0]!.n)).toBe(before);
  });
});
