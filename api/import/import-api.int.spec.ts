// Batch import over real HTTP: the template, an import of a file with good and bad rows (bad rows in
// the report with column and message, good rows entered and submitted, nothing from bad rows), a
// wrong file refused at once, and a job stopped half-way (as by a crash) resumed without a single
// repeated event. Teachers import the same way: declared and submitted, a teacher another
// institution declared linked to the one record.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCommands } from '../../commands/import/import-commands';
import { importKindRegistry, type ImportKind } from '../../commands/import/import-kinds';
import { importRunner } from '../../commands/import/import-runner';
import { startApiHarness, type ApiHarness, type Session } from '../../testing/api-harness';
import { download, idNumber, readXlsxBytes, uploadFile, wrongCheck, xlsxBytes, XLSX_TYPE } from '../../testing/spreadsheets';
import { waitUntil } from '../../testing/wait-until';

const START = 'mutation($kind: String!, $fileId: ID!) { startImport(kind: $kind, fileId: $fileId) { id position } }';
const JOB = 'query($id: ID!) { importJob(id: $id) { status statusLabel progress rows validRows badRows processed imported linked skipped reportFileId failureReason skippedRows { row message } } }';
const HEADER = ['*姓名', '*身份证号码', '*人员类别', '*联系电话', '银行账号'];
const TEACHER_HEADER = ['*姓名', '*身份证号码', '*是否专职', '*任课专业', '*师资等级', '培训资格', '*任教年限'];
const EXAMPLE = ['王小红', '520102199805061224', '农村转移就业劳动者', '13800138000', ''];

type Job = { status: string; statusLabel: string; progress: number; rows: number; validRows: number; badRows: number; processed: number; imported: number; linked: number; skipped: number; reportFileId: string | null; failureReason: string | null; skippedRows: { row: number; message: string }[] };

describe('batch import of trainees and teachers (.xlsx)', () => {
  let api: ApiHarness;
  let dataDir: string;
  let nanming: Session;
  let yunyan: Session;
  let supervisor: Session;
  let yunyanCounty: Session;
  const saved = process.env.DATA_DIR;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'import-api-'));
    process.env.DATA_DIR = dataDir;
    api = await startApiHarness();
    [nanming, yunyan, supervisor, yunyanCounty] = await Promise.all([api.login('nanmingSchool'), api.login('yunyanSchool'), api.login('provinceSupervisor'), api.login('yunyanReviewer')]);
  });
  afterAll(async () => {
    await api.close();
    if (saved === undefined) delete process.env.DATA_DIR;
    else process.env.DATA_DIR = saved;
    await rm(dataDir, { recursive: true, force: true });
  });

  const upload = async (session: Session, rows: (string | number)[][], name = '学员导入.xlsx', sheet = '学员导入') => {
    const uploaded = await uploadFile(api.url, session, name, await xlsxBytes([{ name: sheet, rows }]));
    expect(uploaded.status).toBe(201);
    return uploaded.json.fileId as string;
  };
  const job = async (session: Session, id: string) => (await api.graphql<{ importJob: Job | null }>(session, JOB, { id })).data!.importJob;
  /** Polls the job until it is finished (the worker runs it in the background; the read model follows the events). */
  const finished = async (session: Session, id: string): Promise<Job> =>
    (await waitUntil(
      () => job(session, id),
      (current) => current?.status === 'completed' || current?.status === 'failed',
      { what: `import ${id} to finish`, timeoutMs: 30_000, intervalMs: 100 },
    ))!;
  const traineeEvents = async (type: string) => Number((await api.platform.knex('events').where({ type }).count({ n: '*' }))[0]!.n);

  it('hands out the template: Chinese headers, an example row, instructions, and the person categories on a hidden sheet', async () => {
    const template = await download(api.url, nanming, '/import/templates/trainee.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers['content-type']).toBe(XLSX_TYPE);
    const sheets = await readXlsxBytes(template.buffer);
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['学员导入', false],
      ['填写说明', false],
      ['人员类别', true],
    ]);
    expect(sheets[0]!.rows.map((r) => r.values)).toEqual([HEADER, EXAMPLE.slice(0, 4)]);
    expect(sheets[2]!.rows.map((r) => r.values)).toContainEqual(['农村转移就业劳动者', 'rural_migrant']);
    expect(sheets[2]!.rows).toHaveLength(7);

    const refused = await download(api.url, supervisor, '/import/templates/trainee.xlsx');
    expect([refused.status, refused.json.errors?.[0]?.message]).toEqual([403, '您没有“批量导入”权限']);
    expect((await download(api.url, nanming, '/import/templates/course.xlsx')).json.errors?.[0]?.message).toBe('没有这种导入模板');
  });

  it('imports the good rows, reports every bad row with its column and a Chinese message, and takes nothing from bad rows', async () => {
    const good = [
      ['欧阳娜娜', idNumber('520102', '19980506', 122), '农村转移就业劳动者', '13800138000', ''],
      ['李四', idNumber('520103', '19900101', 131), 'graduate', '13700137000', ''],
      ['阿依古丽·买买提', idNumber('522601', '20010315', 242), '城镇登记失业人员', '13912345678', '6222020200000000006'],
      ['王五', idNumber('520302', '19851120', 351), '其他', '+86 139 0000 1111', ''],
    ];
    const badId = wrongCheck(idNumber('520111', '19950505', 462));
    const unknownCategory = idNumber('520112', '19920202', 572);
    const luhn = idNumber('520113', '19930303', 682);
    const rows = [
      HEADER,
      EXAMPLE,
      good[0]!,
      ['张错号', badId, '其他', '13800000001', ''],
      good[1]!,
      ['赵六', unknownCategory, '宇航员', '13800000002', ''],
      ['', idNumber('520115', '19940404', 792), '其他', '123', ''],
      good[2]!,
      ['欧阳重复', good[0]![1]!, '其他', '13800000003', ''],
      ['钱七', luhn, '其他', '13800000004', '6222020200000000001'],
      good[3]!,
    ];
    const fileId = await upload(nanming, rows);
    const started = await api.graphql<{ startImport: { id: string } }>(nanming, START, { kind: 'trainee', fileId });
    expect(started.errors).toBeUndefined();
    const id = started.data!.startImport.id;

    const done = await finished(nanming, id);
    expect(done).toMatchObject({ status: 'completed', statusLabel: '已完成', progress: 100, rows: 9, validRows: 4, badRows: 5, processed: 4, imported: 4, linked: 0, skipped: 0, failureReason: null, skippedRows: [] });

    const report = await download(api.url, nanming, `/files/${done.reportFileId}`);
    expect(report.status).toBe(200);
    const [sheet] = await readXlsxBytes(report.buffer);
    expect(sheet!.rows.map((r) => r.values.slice(0, 3))).toEqual([
      ['行号', '出错列', '错误说明'],
      ['4', '身份证号码', '身份证号码：身份证号码校验位不正确，请逐位核对'],
      ['6', '人员类别', '人员类别：人员类别“宇航员”不在字典中，请从下拉列表选择'],
      ['7', '姓名、联系电话', '姓名：姓名不能为空；联系电话：手机号码应为11位手机号码（1开头，第二位为3-9）'],
      ['9', '身份证号码', '身份证号码：与第 3 行的身份证号码重复，同一文件中每人只能出现一次（以第 3 行为准）'],
      ['10', '银行账号', expect.stringMatching(/^银行账号：.*校验.*（需人工确认，请在系统中单独录入）$/)],
    ]);
    // The row as it was follows, so the report can be corrected and imported again.
    expect(sheet!.rows[1]!.values.slice(3)).toEqual(['张错号', badId, '其他', '13800000001']);

    // Good rows are trainees, submitted for review; none of the bad rows' people exists.
    const byId = 'query($n: String!) { trainees(filter: { idNumber: $n }) { total items { name reviewStatus } } }';
    for (const row of good) {
      const found = await api.graphql<{ trainees: { total: number; items: { name: string; reviewStatus: string }[] } }>(nanming, byId, { n: row[1] });
      expect(found.data!.trainees.items).toEqual([{ name: row[0], reviewStatus: 'pending' }]);
    }
    for (const n of [badId, unknownCategory, luhn]) expect((await api.graphql<{ trainees: { total: number } }>(nanming, byId, { n })).data!.trainees.total).toBe(0);
    expect(await traineeEvents('TraineeRegistered')).toBe(4);

    // The job is the institution's: another institution does not see it.
    const list = '{ imports { total items { id } } }';
    expect((await api.graphql<{ imports: { items: { id: string }[] } }>(nanming, list)).data!.imports.items.map((i) => i.id)).toContain(id);
    expect((await api.graphql<{ imports: { total: number } }>(yunyan, list)).data!.imports.total).toBe(0);
    expect((await api.graphql(yunyan, JOB, { id })).data).toEqual({ importJob: null });
  });

  it('refuses a file that is not the template at once, with the reason', async () => {
    const fileId = await upload(nanming, [['姓名', '电话'], ['张三', '13800138000']]);
    const refused = await api.graphql(nanming, START, { kind: 'trainee', fileId });
    expect(refused.errors![0]!.message).toBe('第 1 行（表头）：表头缺少必填列：身份证号码、人员类别、联系电话。请使用下载的导入模板');
    expect(refused.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const empty = await upload(nanming, [HEADER, EXAMPLE]);
    expect((await api.graphql(nanming, START, { kind: 'trainee', fileId: empty })).errors![0]!.message).toBe('文件中没有数据行');
    const foreign = await upload(yunyan, [HEADER, ['张三', idNumber('520103', '19900101', 111), '其他', '13800138000']]);
    expect((await api.graphql(nanming, START, { kind: 'trainee', fileId: foreign })).errors![0]!.message).toBe('文件不存在或您无权使用');
    expect((await api.graphql(supervisor, START, { kind: 'trainee', fileId: foreign })).errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('resumes a job stopped half-way through its rows, appending no event twice', async () => {
    // The worker of the platform stands aside: this test drives the job by hand, as a crash would leave it.
    await api.platform.imports.worker.stop();
    const rows = Array.from({ length: 30 }, (_, i) => [`学员${String.fromCharCode(0x4e00 + i)}`, idNumber('520121', '19960101', 100 + i), '其他', `1390000${String(i).padStart(4, '0')}`, '']);
    const fileId = await upload(yunyan, [HEADER, ...rows]);
    const started = await api.graphql<{ startImport: { id: string } }>(yunyan, START, { kind: 'trainee', fileId });
    const id = started.data!.startImport.id;
    const before = await traineeEvents('TraineeRegistered');

    // First run: stopped after 15 rows, in the middle of its second chunk of 10, with 2 rows in flight.
    const stop = new AbortController();
    let imported = 0;
    const trainee = api.platform.imports.kinds.get('trainee')!;
    const stopping: ImportKind = {
      ...trainee,
      async prepare(job) {
        const prepared = await trainee.prepare(job);
        return {
          ...prepared,
          async importRow(input, request) {
            const outcome = await prepared.importRow(input, request);
            if (++imported === 15) stop.abort();
            return outcome;
          },
          // Batches: the second one crashes half-way, after 5 of its 10 rows are written.
          async importRows(rows) {
            const done = imported >= 10 ? rows.slice(0, 5) : rows;
            const outcomes = await prepared.importRows!(done);
            imported += done.length;
            if (imported >= 15) stop.abort();
            return outcomes;
          },
        };
      },
    };
    const crashing = importRunner({ commands: importCommands({ store: api.platform.store, files: api.platform.files, kinds: importKindRegistry([stopping]) }), files: api.platform.files, chunkRows: 10, concurrency: 2 });
    expect(await crashing.run(id, stop.signal)).toBe('stopped');
    const halfway = await api.platform.imports.load(id);
    expect(halfway.state).toMatchObject({ status: 'importing', processed: 10, imported: 10 });
    const written = (await traineeEvents('TraineeRegistered')) - before;
    expect(written).toBeGreaterThanOrEqual(15);
    expect(written).toBeLessThan(20);

    // The restarted worker finds the unfinished job and finishes it.
    api.platform.imports.worker.start();
    const done = await finished(yunyan, id);
    expect(done).toMatchObject({ status: 'completed', validRows: 30, badRows: 0, imported: 30, linked: 0, skipped: 0 });
    expect((await traineeEvents('TraineeRegistered')) - before).toBe(30);
    const streams = await api.platform.knex('events').where({ type: 'TraineeRegistered' }).whereIn('stream_id', api.platform.knex('events').select('stream_id').where('type', 'ReviewSubmitted')).count({ n: 'stream_id' });
    expect(Number(streams[0]!.n)).toBe(before + 30);
    const jobEvents = await api.platform.store.readStream(`import-${id}`);
    // One progress event from the stopped run (its first chunk), one from the resumed run's single chunk.
    expect(jobEvents.map((e) => [e.type, (e.data as { processed?: number }).processed])).toEqual([
      ['ImportStarted', undefined],
      ['ImportValidated', undefined],
      ['ImportProgressed', 10],
      ['ImportProgressed', 30],
      ['ImportCompleted', undefined],
    ]);
    const submitted = await api.platform.knex('events').where({ type: 'ReviewSubmitted' }).whereIn('stream_id', (await api.platform.knex('events').where({ type: 'TraineeRegistered' }).select('stream_id')).map((r: { stream_id: string }) => r.stream_id)).count({ n: '*' });
    expect(Number(submitted[0]!.n)).toBe(before + 30);
  });

  it("offers the teacher kind with its template: the form's labels as headers, drop-downs for 是否专职 and 师资等级", async () => {
    const kinds = await api.graphql<{ importKinds: { kind: string; label: string; templateUrl: string; columns: string[] }[] }>(nanming, '{ importKinds { kind label templateUrl columns } }');
    expect(kinds.data!.importKinds.find((k) => k.kind === 'teacher')).toEqual({
      kind: 'teacher',
      label: '培训师资',
      templateUrl: '/import/templates/teacher.xlsx',
      columns: ['姓名', '身份证号码', '是否专职', '任课专业', '师资等级', '培训资格', '任教年限'],
    });
    const template = await download(api.url, nanming, '/import/templates/teacher.xlsx');
    expect([template.status, template.headers['content-type']]).toEqual([200, XLSX_TYPE]);
    const sheets = await readXlsxBytes(template.buffer);
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['培训师资导入', false],
      ['填写说明', false],
      ['是否专职', true],
      ['师资等级', true],
    ]);
    expect(sheets[0]!.rows.map((r) => r.values)).toEqual([TEACHER_HEADER, ['张伟', '520102198503150016', '是', '中式烹调、面点', '高级', 'SYB讲师', '12']]);
    expect(sheets[3]!.rows.map((r) => r.values)).toEqual([['名称', '编码'], ['初级', 'junior'], ['中级', 'intermediate'], ['高级', 'senior']]);
  });

  it('imports teachers: good rows declared and submitted, a teacher of another institution linked, bad rows reported and taking nothing', async () => {
    const teacherEvents = async (type: string) => Number((await api.platform.knex('events').where({ type }).where('stream_id', 'like', 'teacher-%').count({ n: '*' }))[0]!.n);
    // 云岩's teacher, declared and approved there: 南明's file engages the same person.
    const shared = idNumber('520103', '19800808', 815);
    const declared = await api.graphql<{ declareTeacher: { streamId: string } }>(
      yunyan,
      'mutation($i: TeacherInput!) { declareTeacher(input: $i, submit: true) { streamId } }',
      { i: { name: '杨光', idNumber: shared, fullTime: false, subjects: ['电工'], level: 'intermediate', yearsTeaching: 8 } },
    );
    expect(declared.errors).toBeUndefined();
    const projected = await api.settled();
    const approved = await api.graphql(yunyanCounty, 'mutation($s: String!) { approveReview(streamId: $s, opinion: "同意") { position } }', { s: declared.data!.declareTeacher.streamId }, projected);
    expect(approved.errors).toBeUndefined();
    const [declaredBefore, requestedBefore] = [await teacherEvents('TeacherDeclared'), await teacherEvents('TeacherEngagementRequested')];

    const good = [
      ['龙建国', idNumber('520102', '19750101', 711), '是', '中式烹调、面点', '高级', '高级技师', '20'],
      ['吴丽', idNumber('520102', '19880606', 722), '兼职', '美容美发', 'junior', '', '3'],
      ['杨光', shared, '否', '电工，焊工', '中级', '', '8'],
    ];
    const badId = wrongCheck(idNumber('520102', '19790303', 733));
    const badCells = idNumber('520102', '19830404', 744);
    const rows = [
      TEACHER_HEADER,
      ['张伟', '520102198503150016', '是', '中式烹调、面点', '高级', 'SYB讲师', '12'],
      good[0]!,
      ['错号', badId, '是', '电工', '初级', '', '5'],
      good[1]!,
      ['石头', badCells, '偶尔', '', '特级', '', '六十一'],
      ['龙重复', good[0]![1]!, '是', '面点', '中级', '', '2'],
      good[2]!,
    ];
    const fileId = await upload(nanming, rows, '师资导入.xlsx', '培训师资导入');
    const started = await api.graphql<{ startImport: { id: string } }>(nanming, START, { kind: 'teacher', fileId });
    expect(started.errors).toBeUndefined();
    const done = await finished(nanming, started.data!.startImport.id);
    expect(done).toMatchObject({ status: 'completed', progress: 100, rows: 6, validRows: 3, badRows: 3, processed: 3, imported: 2, linked: 1, skipped: 0, failureReason: null, skippedRows: [] });

    const [sheet] = await readXlsxBytes((await download(api.url, nanming, `/files/${done.reportFileId}`)).buffer);
    expect(sheet!.rows.map((r) => r.values.slice(0, 3))).toEqual([
      ['行号', '出错列', '错误说明'],
      ['4', '身份证号码', '身份证号码：身份证号码校验位不正确，请逐位核对'],
      [
        '6',
        '是否专职、任课专业、师资等级、任教年限',
        '是否专职：是否专职“偶尔”无法识别，请填写“是”或“否”；任课专业：请至少填写一个任课专业；师资等级：师资等级“特级”不在可选范围内，请从下拉列表选择（初级、中级、高级）；任教年限：任教年限必须是数字',
      ],
      ['7', '身份证号码', '身份证号码：与第 3 行的身份证号码重复，同一文件中每人只能出现一次（以第 3 行为准）'],
    ]);
    expect(sheet!.rows[0]!.values.slice(3)).toEqual(TEACHER_HEADER);

    // The good rows are teachers of 南明, submitted for review; 杨光 is the one record, engaged by both.
    const head = await api.platform.knex('events').max({ p: 'position' });
    expect(await api.platform.runner.waitFor(BigInt(head[0]!.p), ['teachers', 'teacher_engagements'], 30_000)).toBe(true);
    const byId = 'query($n: String!) { teachers(filter: { idNumber: $n }) { total items { name subjects reviewStatus engagements { institutionName statusLabel } } } }';
    type Found = { teachers: { total: number; items: { name: string; subjects: string[]; reviewStatus: string; engagements: { institutionName: string; statusLabel: string }[] }[] } };
    for (const row of good.slice(0, 2)) {
      const found = await api.graphql<Found>(nanming, byId, { n: row[1] });
      expect(found.data!.teachers.items).toEqual([{ name: row[0], subjects: row[3]!.split(/[、，]/), reviewStatus: 'pending', engagements: [{ institutionName: '贵阳市南明区阳光职业技能培训学校', statusLabel: '待审核' }] }]);
    }
    // 南明's engagement of 杨光 is only requested: it opens nothing to 南明 until approved; the province sees it.
    expect((await api.graphql<Found>(nanming, byId, { n: shared })).data!.teachers.total).toBe(0);
    const linked = await api.graphql<Found>(supervisor, byId, { n: shared });
    expect(linked.data!.teachers.items).toEqual([
      {
        name: '杨光',
        subjects: ['电工'],
        reviewStatus: 'pending',
        engagements: [
          { institutionName: '贵阳市云岩区金桥职业培训学校', statusLabel: '已审核' },
          { institutionName: '贵阳市南明区阳光职业技能培训学校', statusLabel: '待审核' },
        ],
      },
    ]);
    // Bad rows changed nothing: two teachers declared, one engagement requested, no one else.
    expect([(await teacherEvents('TeacherDeclared')) - declaredBefore, (await teacherEvents('TeacherEngagementRequested')) - requestedBefore]).toEqual([2, 1]);
    for (const n of [badId, badCells]) expect((await api.graphql<Found>(nanming, byId, { n })).data!.teachers.total).toBe(0);
    const streams = await api.platform.knex('events').where({ type: 'ReviewSubmitted' }).where('stream_id', 'like', 'teacher-%').countDistinct({ n: 'stream_id' });
    expect(Number(streams[0]!.n)).toBe(3);
  });
});
