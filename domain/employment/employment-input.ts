// 毕业生就业 (requirement 9(10)): what a school records of a graduate's destination: employed (with
// employer, date and monthly pay in integer fen), self-employed, further study, or still seeking
// work, and the skill-level certificates held. The fields a destination needs are required for it.
import { z } from 'zod';
import { fenText, type Fen } from '../shared/money';
import { calendarDate, oneOf, optionalText, parseInput, requiredText } from '../shared/validation';

export const DESTINATIONS = ['employed', 'self_employed', 'further_study', 'seeking'] as const;
export type Destination = (typeof DESTINATIONS)[number];
export const DESTINATION_LABELS: Record<Destination, string> = { employed: '单位就业', self_employed: '自主创业', further_study: '升学', seeking: '待就业' };
/** Destinations that count as employed in the employment rate (升学 is counted apart, as the national statistics do). */
export const EMPLOYED_DESTINATIONS: readonly Destination[] = ['employed', 'self_employed'];

/** 职业技能等级 (国家职业资格五个等级). */
export const SKILL_LEVELS = ['5', '4', '3', '2', '1'] as const;
export type SkillLevel = (typeof SKILL_LEVELS)[number];
export const SKILL_LEVEL_LABELS: Record<SkillLevel, string> = { '5': '五级/初级工', '4': '四级/中级工', '3': '三级/高级工', '2': '二级/技师', '1': '一级/高级技师' };

export interface SkillCertificate {
  occupation: string;
  level: SkillLevel;
  number: string;
  issuedOn: string;
}

export interface EmploymentDetails {
  destination: Destination;
  employer: string;
  position: string;
  employedOn: string | null;
  /** 月收入 in fen; null where there is no pay (升学, 待就业). */
  monthlyPayFen: Fen | null;
  furtherStudySchool: string;
  certificates: SkillCertificate[];
  note: string;
}

const emptyAsNull = (value: unknown) => (value === '' || value === undefined ? null : value);

const certificateSchema = z.object({
  occupation: requiredText('职业（工种）', 50),
  level: oneOf('技能等级', SKILL_LEVELS),
  number: requiredText('证书编号', 50),
  issuedOn: calendarDate('发证日期'),
});

export const employmentInputSchema = z
  .object({
    destination: oneOf('毕业去向', DESTINATIONS),
    employer: optionalText('就业单位', 100),
    position: optionalText('工作岗位', 50),
    // An empty form field is "not given"; a union would hide the field's own Chinese message.
    employedOn: z.preprocess(emptyAsNull, calendarDate('就业日期').nullable()).default(null),
    monthlyPayFen: z.preprocess(emptyAsNull, fenText('月收入').nullable()).default(null),
    furtherStudySchool: optionalText('升学院校', 100),
    certificates: z.array(certificateSchema, { error: '技能等级证书格式不正确' }).max(10, { error: '技能等级证书最多登记10本' }).default([]),
    note: optionalText('备注', 200),
  })
  .superRefine((input, ctx) => {
    const need = (path: keyof typeof input, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (input.destination === 'employed' || input.destination === 'self_employed') {
      if (!input.employer) need('employer', input.destination === 'employed' ? '单位就业须填写就业单位' : '自主创业须填写创业实体名称');
      if (!input.employedOn) need('employedOn', '就业须填写就业日期');
      if (input.monthlyPayFen === null) need('monthlyPayFen', '就业须填写月收入');
    }
    if (input.destination === 'further_study' && !input.furtherStudySchool) need('furtherStudySchool', '升学须填写升学院校');
    const numbers = input.certificates.map((c) => c.number);
    if (new Set(numbers).size !== numbers.length) need('certificates', '技能等级证书编号重复');
  })
  .transform((input): EmploymentDetails => {
    const working = input.destination === 'employed' || input.destination === 'self_employed';
    // A destination keeps only its own fields: a pay typed before switching to 升学 is not recorded.
    return {
      destination: input.destination,
      employer: working ? input.employer : '',
      position: working ? input.position : '',
      employedOn: working ? input.employedOn : null,
      monthlyPayFen: working ? input.monthlyPayFen : null,
      furtherStudySchool: input.destination === 'further_study' ? input.furtherStudySchool : '',
      certificates: input.certificates,
      note: input.note,
    };
  });

export const parseEmploymentInput = (input: unknown): EmploymentDetails => parseInput(employmentInputSchema, input);

export const sameDetails = (a: EmploymentDetails, b: EmploymentDetails) => JSON.stringify(a) === JSON.stringify(b);
