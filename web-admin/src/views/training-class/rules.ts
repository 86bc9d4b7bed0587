// Client-side checks for a quick answer while typing, mirroring the domain's zod schemas
// (domain/training-class/class-details.ts, timetable.ts, assessment.ts, follow-up.ts,
// class-settings.ts, eligibility.ts) with the same Chinese words. The server is the authority: what
// needs a lookup (published occupation, certified teacher, overlapping sessions anywhere in the
// province, the working-day deadline) comes back as its field error or refusal, shown in place.
import type { FormItemRule, FormRules } from 'element-plus';
import type { ClassFormModel, SessionRow } from './types';

type Rules = FormItemRule[];
const required = (message: string, trigger: 'blur' | 'change' = 'blur'): FormItemRule => ({ required: true, whitespace: true, message, trigger });
const max = (label: string, n: number): FormItemRule => ({ max: n, message: `${label}不能超过${n}个字`, trigger: 'blur' });
const integer = (label: string, min: number, maxValue: number): FormItemRule => ({
  type: 'integer',
  required: true,
  min,
  max: maxValue,
  message: `${label}应为${min}到${maxValue}之间的整数`,
  trigger: 'change',
});

/** Time of day `HH:MM`, 24-hour clock (timetable.ts TIME). */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today in China (the server's calendar day), as YYYY-MM-DD. */
export function chinaToday(now = Date.now()): string {
  return new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The box around Guizhou the domain checks coordinates against (class-details.ts GUIZHOU_BOUNDS). */
export const GUIZHOU_BOUNDS = { south: 24.6, north: 29.3, west: 103.5, east: 109.6 } as const;

export function classFormRules(model: ClassFormModel): FormRules<ClassFormModel> {
  return {
    name: [required('班级名称不能为空'), max('班级名称', 100)],
    kind: [required('请选择培训类型', 'change')],
    subKind: [
      {
        trigger: 'change',
        validator: (_r, value: string, done) =>
          done(model.kind === 'entrepreneurship' && !value ? new Error('创业培训须选择类别（SYB、GYB或网络创业培训）') : undefined),
      },
    ],
    occupationKey: [
      {
        trigger: 'change',
        validator: (_r, value: string, done) => done(model.kind && !['entrepreneurship', 'teacher_capability'].includes(model.kind) && !value ? new Error('请选择培训工种及等级') : undefined),
      },
    ],
    plannedStart: [
      required('计划开班日期不能为空', 'change'),
      { trigger: 'change', validator: (_r, value: string, done) => done(value && value < chinaToday() ? new Error(`计划开班日期（${value}）不能早于今天（${chinaToday()}）`) : undefined) },
    ],
    plannedEnd: [
      required('计划结业日期不能为空', 'change'),
      {
        trigger: 'change',
        validator: (_r, value: string, done) =>
          done(value && model.plannedStart && value < model.plannedStart ? new Error(`计划结业日期（${value}）不能早于计划开班日期（${model.plannedStart}）`) : undefined),
      },
    ],
    minSize: [integer('最少人数', 1, 1000)],
    maxSize: [
      integer('最多人数', 1, 1000),
      {
        trigger: 'change',
        validator: (_r, value: number | undefined, done) =>
          done(value !== undefined && model.minSize !== undefined && value < model.minSize ? new Error(`最多人数（${value}）不能少于最少人数（${model.minSize}）`) : undefined),
      },
    ],
    address: [required('培训地址不能为空'), max('培训地址', 200)],
    countyCode: [required('培训地点所在区县不能为空', 'change'), { pattern: /^\d{6}$/, message: '培训地点所在区县应为6位行政区划代码', trigger: 'blur' }],
    latitude: [
      { required: true, type: 'number', message: '纬度不能为空', trigger: 'change' },
      { type: 'number', min: GUIZHOU_BOUNDS.south, max: GUIZHOU_BOUNDS.north, message: `纬度不在贵州省范围内（应在北纬${GUIZHOU_BOUNDS.south}°至${GUIZHOU_BOUNDS.north}°之间，WGS-84坐标）`, trigger: 'change' },
    ],
    longitude: [
      { required: true, type: 'number', message: '经度不能为空', trigger: 'change' },
      { type: 'number', min: GUIZHOU_BOUNDS.west, max: GUIZHOU_BOUNDS.east, message: `经度不在贵州省范围内（应在东经${GUIZHOU_BOUNDS.west}°至${GUIZHOU_BOUNDS.east}°之间，WGS-84坐标）`, trigger: 'change' },
    ],
    fundingSource: [required('请选择资金来源', 'change')],
  };
}

/** Rules of one timetable row (`sessions.<i>.<field>`, the names the server's field errors use). */
export function sessionRules(row: SessionRow): Record<keyof SessionRow, Rules> {
  return {
    date: [required('上课日期不能为空', 'change'), { pattern: DATE, message: '上课日期格式应为 YYYY-MM-DD', trigger: 'change' }],
    start: [required('开始时间不能为空', 'change'), { pattern: TIME_OF_DAY, message: '开始时间格式应为 HH:MM（24小时制，如 09:00）', trigger: 'change' }],
    end: [
      required('结束时间不能为空', 'change'),
      { pattern: TIME_OF_DAY, message: '结束时间格式应为 HH:MM（24小时制，如 09:00）', trigger: 'change' },
      {
        trigger: 'change',
        validator: (_r, value: string, done) =>
          done(TIME_OF_DAY.test(value) && TIME_OF_DAY.test(row.start) && value <= row.start ? new Error(`结束时间（${value}）应晚于开始时间（${row.start}）`) : undefined),
      },
    ],
    subject: [required('课程内容不能为空'), max('课程内容', 100)],
    mode: [required('请选择授课方式', 'change')],
    teacherId: [required('请选择授课教师', 'change')],
    venue: [required('上课地点不能为空'), max('上课地点', 200)],
  };
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Rows that overlap an earlier one, as the domain words it (one class's sessions never overlap). */
export function overlappingSessions(rows: readonly SessionRow[]): Record<string, string> {
  const errors: Record<string, string> = {};
  const valid = (r: SessionRow) => DATE.test(r.date) && TIME_OF_DAY.test(r.start) && TIME_OF_DAY.test(r.end) && r.end > r.start;
  rows.forEach((s, i) => {
    if (!valid(s)) return;
    const earlier = rows.findIndex((o, j) => j < i && valid(o) && o.date === s.date && minutesOf(o.start) < minutesOf(s.end) && minutesOf(s.start) < minutesOf(o.end));
    if (earlier >= 0) {
      const o = rows[earlier]!;
      errors[`sessions.${i}.start`] = `第${i + 1}节课（${s.date} ${s.start}-${s.end}）与第${earlier + 1}节课（${o.date} ${o.start}-${o.end}）时间重叠，同一班级的课程不能重叠`;
    }
  });
  return errors;
}

/** Sessions outside the class's planned dates (timetable.ts checkWithinDates). */
export function sessionsOutsideDates(rows: readonly SessionRow[], from: string, to: string): Record<string, string> {
  const errors: Record<string, string> = {};
  rows.forEach((s, i) => {
    if (DATE.test(s.date) && (s.date < from || s.date > to)) errors[`sessions.${i}.date`] = `课程日期${s.date}不在培训期间（${from}至${to}）内`;
  });
  return errors;
}

export interface DeclarationModel {
  totalHours: number | undefined;
  theoryPercent: number | undefined;
  practicePercent: number | undefined;
  outline: string;
  assessmentMode: string;
  passScore: number | undefined;
  assessmentDate: string;
  organiser: string;
  assessmentDescription: string;
  resources: string[];
  attachments: { fileId: string; name: string }[];
  commitment: boolean;
  note: string;
}

export function declarationRules(model: DeclarationModel, plannedStart: string): FormRules<DeclarationModel> {
  return {
    totalHours: [integer('总学时', 1, 5000)],
    theoryPercent: [integer('理论课占比（%）', 0, 100)],
    practicePercent: [
      integer('实操课占比（%）', 0, 100),
      {
        trigger: 'change',
        validator: (_r, value: number | undefined, done) => {
          const sum = (model.theoryPercent ?? 0) + (value ?? 0);
          done(model.theoryPercent !== undefined && value !== undefined && sum !== 100 ? new Error(`理论课占比与实操课占比之和应为100%（现为${sum}%）`) : undefined);
        },
      },
    ],
    outline: [required('教学大纲不能为空'), max('教学大纲', 5000)],
    assessmentMode: [required('请选择考核方式', 'change')],
    passScore: [integer('合格分数线', 1, 100)],
    assessmentDate: [
      required('考核日期不能为空', 'change'),
      { trigger: 'change', validator: (_r, value: string, done) => done(value && value < plannedStart ? new Error(`考核日期（${value}）不能早于开班日期（${plannedStart}）`) : undefined) },
    ],
    organiser: [required('考核组织单位不能为空'), max('考核组织单位', 100)],
    assessmentDescription: [max('考核方案说明', 2000)],
    resources: [{ type: 'array', required: true, min: 1, message: '请至少填写一项教学资源（教材、设备、实训场地等）', trigger: 'change' }],
    commitment: [{ trigger: 'change', validator: (_r, value: boolean, done) => done(value ? undefined : new Error('请阅读并勾选机构承诺（所报信息真实，按计划组织培训）')) }],
    note: [max('申报说明', 2000)],
  };
}

export interface EnrolModel {
  idNumber: string;
  name: string;
  /** '' : subsidised when eligible, else self-paid (the server decides and keeps the reasons). */
  funding: string;
  commitmentSigned: boolean;
  commitmentSignedOn: string;
  commitmentFileId: string;
  commitmentFileName: string;
  reason: string;
  /** 培训券编号 (optional; the holder's own unused voucher, direct enrolment before opening only). */
  voucherNo: string;
}

export function enrolRules(byIdNumber: boolean, change: boolean): FormRules<EnrolModel> {
  return {
    // The server's rule (api/training-class/training-class-mutations.ts): letters and digits, at most 32.
    voucherNo: [max('培训券编号', 32), { pattern: /^\s*[0-9A-Za-z]*\s*$/, message: '培训券编号只能包含字母和数字', trigger: 'blur' }],
    ...(byIdNumber ? { idNumber: [required('请输入身份证号码'), { len: 18, message: '身份证号码为18位', trigger: 'blur' }] } : {}),
    commitmentSigned: [{ trigger: 'change', validator: (_r, value: boolean, done) => done(value ? undefined : new Error('请确认学员已签署培训承诺书')) }],
    commitmentSignedOn: [
      required('承诺书签署日期不能为空', 'change'),
      { trigger: 'change', validator: (_r, value: string, done) => done(value && value > chinaToday() ? new Error('承诺书签署日期不能晚于今天') : undefined) },
    ],
    ...(change ? { reason: [required('请填写变更原因'), max('变更原因', 2000)] } : {}),
  };
}

/** A reason (退学, 暂停, 恢复, 取消, 变更 ...): required, at most 2000 characters (guards.ts requireReason). */
export const reasonRules = (label: string): Rules => [required(`请填写${label}`), max(label, 2000)];

/** A score: 0 to 100, at most one decimal (assessment.ts). */
export function scoreError(label: string, value: number | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0) return `${label}不能小于0`;
  if (value > 100) return `${label}不能大于100`;
  if (!/^\d{1,3}(\.\d)?$/.test(String(value))) return `${label}最多保留一位小数`;
  return undefined;
}

export interface FollowUpModel {
  participantId: string;
  milestone: number | undefined;
  status: string;
  employer: string;
  occupation: string;
  payBand: string;
  hasStartUp: boolean;
  businessName: string;
  creditCode: string;
  startedOn: string;
  contactedOn: string;
  note: string;
}

export function followUpRules(model: FollowUpModel): FormRules<FollowUpModel> {
  const today = chinaToday();
  return {
    participantId: [required('请选择结业人员', 'change')],
    milestone: [integer('跟踪节点（月）', 1, 24)],
    status: [required('请选择就业状态', 'change')],
    employer: [
      max('就业单位', 100),
      { trigger: 'blur', validator: (_r, value: string, done) => done(model.status === 'employed' && !value.trim() ? new Error('就业状态为“就业”时，请填写就业单位') : undefined) },
    ],
    occupation: [max('从事职业（工种）', 50)],
    payBand: [
      {
        trigger: 'change',
        validator: (_r, value: string, done) =>
          done((model.status === 'employed' || model.status === 'self_employed') && !value ? new Error(`就业状态为“${model.status === 'employed' ? '就业' : '自主创业'}”时，请选择月收入区间`) : undefined),
      },
    ],
    ...(model.hasStartUp
      ? {
          businessName: [required('创业实体名称不能为空'), max('创业实体名称', 100)],
          creditCode: [required('创业实体统一社会信用代码不能为空'), { len: 18, message: '统一社会信用代码为18位', trigger: 'blur' }],
          startedOn: [
            required('创业（成立）日期不能为空', 'change'),
            { trigger: 'change', validator: (_r, value: string, done) => done(value && value > today ? new Error('创业（成立）日期不能晚于今天') : undefined) },
          ],
        }
      : {}),
    contactedOn: [
      required('回访日期不能为空', 'change'),
      { trigger: 'change', validator: (_r, value: string, done) => done(value && value > today ? new Error(`回访日期（${value}）不能晚于今天（${today}）`) : undefined) },
    ],
    note: [max('备注', 1000)],
  };
}

export interface KindSettingsModel {
  declarationLeadWorkingDays: number | undefined;
  reviewLevels: string[];
  minutesPerClassHour: number | undefined;
  minAttendancePercent: number | undefined;
  classDayThresholdPercent: number | undefined;
  checkToleranceMinutes: number | undefined;
  assessmentRequired: boolean;
  followUpMonths: number[];
  followUpGraceDays: number | undefined;
  reason: string;
}

const REVIEW_LEVEL_ORDER = ['county', 'city', 'province'];

export const kindSettingsRules: FormRules<KindSettingsModel> = {
  declarationLeadWorkingDays: [integer('提前申报工作日数', 0, 60)],
  reviewLevels: [
    { type: 'array', required: true, min: 1, message: '请至少选择一个审核层级', trigger: 'change' },
    {
      trigger: 'change',
      validator: (_r, value: string[], done) => {
        const ordered = value.every((l, i) => i === 0 || REVIEW_LEVEL_ORDER.indexOf(l) > REVIEW_LEVEL_ORDER.indexOf(value[i - 1]!));
        done(ordered ? undefined : new Error('审核层级应按区县、市州、省的顺序'));
      },
    },
  ],
  minutesPerClassHour: [integer('每学时分钟数', 30, 60)],
  minAttendancePercent: [integer('结业最低出勤率（%）', 1, 100)],
  classDayThresholdPercent: [integer('有效培训日最低到课率（%）', 1, 100)],
  checkToleranceMinutes: [integer('签到签退容差（分钟）', 0, 60)],
  followUpMonths: [
    { type: 'array', max: 4, message: '跟踪节点最多4个', trigger: 'change' },
    {
      trigger: 'change',
      validator: (_r, value: number[], done) => {
        const bad = value.some((m, i) => !Number.isInteger(m) || m < 1 || m > 24 || (i > 0 && m <= value[i - 1]!));
        done(bad ? new Error('跟踪月数应为1到24的整数，从小到大且不重复') : undefined);
      },
    },
  ],
  followUpGraceDays: [integer('跟踪宽限天数', 0, 180)],
  reason: [required('请填写修改原因'), max('修改原因', 500)],
};

export interface PolicyModel {
  capTotal: boolean;
  maxSubsidisedTotal: number | undefined;
  capPerYear: boolean;
  maxSubsidisedPerYear: number | undefined;
  sameSubjectOnce: boolean;
  noLowerLevelAfterHigher: boolean;
  basis: string;
  reason: string;
}

export function policyRules(model: PolicyModel): FormRules<PolicyModel> {
  const cap = (label: string, on: () => boolean): Rules => [
    {
      trigger: 'change',
      validator: (_r, value: number | undefined, done) => done(on() && (value === undefined || !Number.isInteger(value) || value < 1 || value > 50) ? new Error(`${label}应为1到50之间的整数`) : undefined),
    },
  ];
  return {
    maxSubsidisedTotal: cap('每人累计补贴次数上限', () => model.capTotal),
    maxSubsidisedPerYear: cap('每人每年补贴次数上限', () => model.capPerYear),
    basis: [required('政策依据不能为空'), max('政策依据', 200)],
    reason: [required('请填写修改原因'), max('修改原因', 500)],
  };
}

export interface CalendarDayModel {
  date: string;
  kind: string;
  name: string;
  reason: string;
}

export const calendarDayRules: FormRules<CalendarDayModel> = {
  date: [required('请选择日期', 'change')],
  kind: [required('请选择放假或调休上班', 'change')],
  name: [required('请填写节日名称（如 国庆节）'), max('节日名称', 20)],
  reason: [max('原因', 500)],
};

export interface InspectionModel {
  mode: string;
  inspectedOn: string;
  findings: string;
  rectificationRequired: boolean;
  rectifyBy: string;
}

/** domain/training-class/inspection.ts inspectionInputSchema. */
export function inspectionRules(model: InspectionModel): FormRules<InspectionModel> {
  const today = chinaToday();
  return {
    mode: [required('请选择检查方式', 'change')],
    inspectedOn: [
      required('检查日期不能为空', 'change'),
      { trigger: 'change', validator: (_r, value: string, done) => done(value && value > today ? new Error(`检查日期（${value}）不能晚于今天（${today}）`) : undefined) },
    ],
    findings: [required('检查发现不能为空'), max('检查发现', 5000)],
    rectifyBy: [
      {
        trigger: 'change',
        validator: (_r, value: string, done) => {
          if (model.rectificationRequired && !value) return done(new Error('需要整改时请填写整改期限'));
          if (value && value < today) return done(new Error(`整改期限（${value}）不能早于今天（${today}）`));
          done();
        },
      },
    ],
  };
}

export interface PenaltyModel {
  kind: string;
  reason: string;
  barredUntil: string;
}

/** domain/institution/institution.ts imposePenalty: a reason, and for 整改通知书 a barred period of at most 366 days. */
export function penaltyRules(model: PenaltyModel): FormRules<PenaltyModel> {
  const today = chinaToday();
  const limit = chinaToday(Date.now() + 366 * 86_400_000);
  return {
    kind: [required('请选择处理方式', 'change')],
    reason: [required('请填写处理事由'), max('处理事由', 2000)],
    barredUntil: [
      {
        trigger: 'change',
        validator: (_r, value: string, done) => {
          if (model.kind !== 'rectification_notice') return done();
          if (!value) return done(new Error('整改通知书须填写暂停开班的截止日期'));
          if (value < today) return done(new Error(`暂停开班截止日期（${value}）不能早于今天（${today}）`));
          if (value > limit) return done(new Error('暂停开班期限不能超过366天'));
          done();
        },
      },
    ],
  };
}
