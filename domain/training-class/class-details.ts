// 培训班级 (requirements 6, 7, 13): what an institution registers about a class and declares
// before it opens, validated in the domain with a Chinese message per field. Whether the occupation
// is published and approved for the institution is a lookup the command layer makes (see the
// RegisterTrainingClass command); here only the shape and the rules inside one form.
import { z } from 'zod';
import { occupationDetailsSchema, SKILL_LEVEL_LABELS, type SkillLevel } from '../occupation/occupation-details';
import { PREFECTURES } from '../organization/guizhou-divisions';
import type { IsoDate } from '../personal-data/normalize';
import { POOL_TIERS } from '../teacher/teacher-input';
import { calendarDate, integerIn, isCalendarDate, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

export const TRAINING_KINDS = ['employment', 'upskilling', 'apprenticeship', 'work_for_training', 'entrepreneurship', 'teacher_capability'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];
export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  employment: '就业技能培训',
  upskilling: '岗位技能提升培训',
  apprenticeship: '新型学徒制',
  work_for_training: '以工代训',
  entrepreneurship: '创业培训',
  teacher_capability: '师资能力提升培训',
};

/** Entrepreneurship training (requirement 7) comes in three programmes. */
export const ENTREPRENEURSHIP_SUB_KINDS = ['syb', 'gyb', 'online'] as const;
export type EntrepreneurshipSubKind = (typeof ENTREPRENEURSHIP_SUB_KINDS)[number];
export const ENTREPRENEURSHIP_SUB_KIND_LABELS: Record<EntrepreneurshipSubKind, string> = {
  syb: 'SYB（创办你的企业）',
  gyb: 'GYB（产生你的企业想法）',
  online: '网络创业培训',
};

export const FUNDING_SOURCES = ['subsidised', 'self_paid'] as const;
export type FundingSource = (typeof FUNDING_SOURCES)[number];
export const FUNDING_SOURCE_LABELS: Record<FundingSource, string> = { subsidised: '补贴性培训', self_paid: '自费培训' };

/** Who sits in the class: trainees, or (师资能力提升培训, requirement 13) teachers. */
export type ParticipantKind = 'trainee' | 'teacher';
export const PARTICIPANT_KIND_LABELS: Record<ParticipantKind, string> = { trainee: '学员', teacher: '教师' };
export const participantKindOf = (kind: TrainingKind): ParticipantKind => (kind === 'teacher_capability' ? 'teacher' : 'trainee');

/** Kinds that train for no catalogue occupation (a business plan, teaching skills). */
const WITHOUT_OCCUPATION: readonly TrainingKind[] = ['entrepreneurship', 'teacher_capability'];
export const needsOccupation = (kind: TrainingKind) => !WITHOUT_OCCUPATION.includes(kind);

export const SESSION_MODES = ['theory', 'practice'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
export const SESSION_MODE_LABELS: Record<SessionMode, string> = { theory: '理论', practice: '实操' };

export const ASSESSMENT_MODES = ['written_practical', 'written', 'practical', 'skill_certificate'] as const;
export type AssessmentMode = (typeof ASSESSMENT_MODES)[number];
export const ASSESSMENT_MODE_LABELS: Record<AssessmentMode, string> = {
  written_practical: '理论考试和实操考核',
  written: '理论考试',
  practical: '实操考核',
  skill_certificate: '职业技能等级认定（取得技能等级证书）',
};

const GUIZHOU_COUNTIES: ReadonlySet<string> = new Set(PREFECTURES.flatMap((p) => p.counties.map((c) => c.code)));
/** A box around Guizhou (N 24°37′-29°13′, E 103°36′-109°35′) with a little margin: catches swapped or foreign coordinates. */
export const GUIZHOU_BOUNDS = { south: 24.6, north: 29.3, west: 103.5, east: 109.6 } as const;

const coordinate = (label: string, min: number, max: number, hint: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}必须是数字`) })
    .min(min, { error: `${label}不在贵州省范围内（${hint}，WGS-84坐标）` })
    .max(max, { error: `${label}不在贵州省范围内（${hint}，WGS-84坐标）` });

export const venueSchema = z.object({
  address: requiredText('培训地址', 200),
  countyCode: z
    .string({ error: '培训地点所在区县不能为空' })
    .refine((code) => GUIZHOU_COUNTIES.has(code), { error: '培训地点所在区县应为贵州省的区县（6位行政区划代码）' }),
  /** WGS-84, as GPS and the check-in app report it (not the GCJ-02 of Chinese web maps). */
  latitude: coordinate('纬度', GUIZHOU_BOUNDS.south, GUIZHOU_BOUNDS.north, `应在北纬${GUIZHOU_BOUNDS.south}°至${GUIZHOU_BOUNDS.north}°之间`),
  longitude: coordinate('经度', GUIZHOU_BOUNDS.west, GUIZHOU_BOUNDS.east, `应在东经${GUIZHOU_BOUNDS.west}°至${GUIZHOU_BOUNDS.east}°之间`),
});
export type Venue = z.output<typeof venueSchema>;

const occupationRefSchema = occupationDetailsSchema.pick({ code: true, name: true, level: true });
export type OccupationRef = z.output<typeof occupationRefSchema>;

const detailFields = {
  name: requiredText('班级名称', 100),
  kind: oneOf('培训类型', TRAINING_KINDS),
  subKind: oneOf('创业培训类别', ENTREPRENEURSHIP_SUB_KINDS).nullable().default(null),
  occupation: occupationRefSchema.nullable().default(null),
  plannedStart: calendarDate('计划开班日期'),
  plannedEnd: calendarDate('计划结业日期'),
  minSize: integerIn('最少人数', 1, 1000),
  maxSize: integerIn('最多人数', 1, 1000),
  venue: venueSchema,
  fundingSource: oneOf('资金来源', FUNDING_SOURCES),
  /** 师资能力提升培训 only: the pool tier completing the class qualifies a teacher for, where the policy says so. */
  targetTier: oneOf('培训对应的师资库级别', POOL_TIERS).nullable().default(null),
};

/** The input schema; `today` comes from the command context (the domain never reads the clock). */
export const classDetailsSchema = (today: IsoDate) =>
  z.object(detailFields).superRefine((v, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (v.kind === 'entrepreneurship' && !v.subKind) issue('subKind', '创业培训须选择类别（SYB、GYB或网络创业培训）');
    if (v.kind !== 'entrepreneurship' && v.subKind) issue('subKind', `${TRAINING_KIND_LABELS[v.kind]}没有创业培训类别，请清空该项`);
    if (needsOccupation(v.kind) && !v.occupation) issue('occupation', `${TRAINING_KIND_LABELS[v.kind]}须选择培训工种及等级`);
    if (v.kind !== 'teacher_capability' && v.targetTier) issue('targetTier', '只有师资能力提升培训可以设置师资库级别');
    // Refinements run even after a field failed: compare only values that passed their own rule.
    const datesOk = isCalendarDate(String(v.plannedStart)) && isCalendarDate(String(v.plannedEnd));
    if (datesOk && v.plannedEnd < v.plannedStart) issue('plannedEnd', `计划结业日期（${v.plannedEnd}）不能早于计划开班日期（${v.plannedStart}）`);
    if (isCalendarDate(String(v.plannedStart)) && v.plannedStart < today) issue('plannedStart', `计划开班日期（${v.plannedStart}）不能早于今天（${today}）`);
    if (Number.isInteger(v.minSize) && Number.isInteger(v.maxSize) && v.maxSize < v.minSize) issue('maxSize', `最多人数（${v.maxSize}）不能少于最少人数（${v.minSize}）`);
  });
export type ClassDetails = z.output<ReturnType<typeof classDetailsSchema>>;
export const parseClassDetails = (input: unknown, today: IsoDate): ClassDetails => parseInput(classDetailsSchema(today), input);

/** How the class's subject reads: 中式烹调师（4-03-02-01）四级/中级工, SYB（创办你的企业）... */
export function subjectLabel(details: Pick<ClassDetails, 'kind' | 'subKind' | 'occupation'>): string {
  if (details.occupation) return occupationLabel(details.occupation.code, details.occupation.name, details.occupation.level);
  if (details.subKind) return ENTREPRENEURSHIP_SUB_KIND_LABELS[details.subKind];
  return TRAINING_KIND_LABELS[details.kind];
}
export const occupationLabel = (code: string, name: string, level: SkillLevel) => `${name}（${code}）${SKILL_LEVEL_LABELS[level]}`;

// ---- The declaration (班级申报): teaching plan, resources, assessment plan, commitment ----

export const teachingPlanSchema = z
  .object({
    /** 学时; one class hour is `minutesPerClassHour` of timetable (kind setting, 45 by default). */
    totalHours: integerIn('总学时', 1, 5000),
    theoryPercent: integerIn('理论课占比（%）', 0, 100),
    practicePercent: integerIn('实操课占比（%）', 0, 100),
    outline: requiredText('教学大纲', 5000, { multiline: true }),
  })
  .superRefine((v, ctx) => {
    const sum = v.theoryPercent + v.practicePercent;
    if (Number.isInteger(sum) && sum !== 100) ctx.addIssue({ code: 'custom', path: ['practicePercent'], message: `理论课占比与实操课占比之和应为100%（现为${sum}%）` });
  });
export type TeachingPlan = z.output<typeof teachingPlanSchema>;

export const assessmentPlanSchema = z.object({
  mode: oneOf('考核方式', ASSESSMENT_MODES),
  passScore: integerIn('合格分数线', 1, 100).default(60),
  plannedDate: calendarDate('考核日期'),
  organiser: requiredText('考核组织单位', 100),
  description: optionalText('考核方案说明', 2000, { multiline: true }),
});
export type AssessmentPlan = z.output<typeof assessmentPlanSchema>;

const attachmentSchema = z.object({ fileId: requiredText('文件', 100), name: requiredText('文件名', 200) });

export const declarationSchema = z.object({
  teachingPlan: teachingPlanSchema,
  assessmentPlan: assessmentPlanSchema,
  /** 教学资源: textbooks, equipment, practice rooms. */
  resources: z
    .array(requiredText('教学资源', 200), { error: '教学资源必须是列表' })
    .min(1, { error: '请至少填写一项教学资源（教材、设备、实训场地等）' })
    .max(50, { error: '教学资源最多50项' }),
  attachments: z.array(attachmentSchema).max(30, { error: '附件最多30个' }).default([]),
  /** The institution's commitment (机构承诺): what it declares is true and it trains as planned. */
  commitment: z.literal(true, { error: '请阅读并勾选机构承诺（所报信息真实，按计划组织培训）' }),
});
export type DeclarationInput = z.output<typeof declarationSchema>;
export const parseDeclaration = (input: unknown): DeclarationInput => parseInput(declarationSchema, input);
