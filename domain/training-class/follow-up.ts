// 后续跟踪: what became of each graduate of an employment-oriented class, recorded by the
// institution at fixed months after completion (3 and 6 by default), with the business a graduate
// of 创业培训 (SYB, GYB, 网络创业, requirement 7) started.
import { z } from 'zod';
import { creditCodeSchema } from '../personal-data/credit-code';
import type { ConfirmableWarning } from '../personal-data/confirmable-warning';
import { shiftDays } from '../calendar/working-days';
import { isLeapYear, type IsoDate } from '../personal-data/normalize';
import { calendarDate, integerIn, isCalendarDate, oneOf, optionalText, requiredText } from '../shared/validation';

export const FOLLOW_UP_STATUSES = ['employed', 'self_employed', 'studying', 'unemployed'] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_STATUS_LABELS: Record<FollowUpStatus, string> = { employed: '就业', self_employed: '自主创业', studying: '升学', unemployed: '未就业' };

/** Monthly pay (月收入) in bands: the record never holds an exact income. */
export const PAY_BANDS = ['below_2000', 'from_2000', 'from_3000', 'from_5000', 'from_8000'] as const;
export type PayBand = (typeof PAY_BANDS)[number];
export const PAY_BAND_LABELS: Record<PayBand, string> = {
  below_2000: '2000元以下',
  from_2000: '2000-3000元',
  from_3000: '3000-5000元',
  from_5000: '5000-8000元',
  from_8000: '8000元以上',
};

export interface StartUp {
  businessName: string;
  creditCode: string;
  startedOn: IsoDate;
}

export interface FollowUpRecord {
  participantId: string;
  /** Months after completion. */
  milestone: number;
  status: FollowUpStatus;
  employer: string;
  occupation: string;
  payBand: PayBand | null;
  startUp: StartUp | null;
  contactedOn: IsoDate;
  note: string;
  recordedOn: IsoDate;
  confirmedWarnings?: ConfirmableWarning[];
}

const startUpSchema = z.object({
  businessName: requiredText('创业实体名称', 100),
  creditCode: creditCodeSchema('创业实体统一社会信用代码'),
  startedOn: calendarDate('创业（成立）日期'),
});

export const followUpSchema = (today: IsoDate) =>
  z
    .object({
      participantId: requiredText('结业人员', 64),
      milestone: integerIn('跟踪节点（月）', 1, 24),
      status: oneOf('就业状态', FOLLOW_UP_STATUSES),
      employer: optionalText('就业单位', 100),
      occupation: optionalText('从事职业（工种）', 50),
      payBand: oneOf('月收入区间', PAY_BANDS).nullable().default(null),
      startUp: startUpSchema.nullable().default(null),
      contactedOn: calendarDate('回访日期'),
      note: optionalText('备注', 1000, { multiline: true }),
    })
    .superRefine((v, ctx) => {
      const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
      if (v.status === 'employed' && !v.employer) issue(['employer'], '就业状态为“就业”时，请填写就业单位');
      if ((v.status === 'employed' || v.status === 'self_employed') && !v.payBand) issue(['payBand'], `就业状态为“${FOLLOW_UP_STATUS_LABELS[v.status]}”时，请选择月收入区间`);
      if (v.startUp && v.status !== 'self_employed') issue(['startUp'], '只有就业状态为“自主创业”时可以填写创业信息');
      if (isCalendarDate(String(v.contactedOn)) && v.contactedOn > today) issue(['contactedOn'], `回访日期（${v.contactedOn}）不能晚于今天（${today}）`);
      if (v.startUp && isCalendarDate(String(v.startUp.startedOn)) && v.startUp.startedOn > today) issue(['startUp', 'startedOn'], '创业（成立）日期不能晚于今天');
    });
export type FollowUpInput = z.output<ReturnType<typeof followUpSchema>>;

/** The same day `months` later, or the month's last day when it has no such day (08-31 + 6 months = 02-28). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
}

/** The day a follow-up falls due, and the day after which it is overdue. */
export const followUpDue = (completedOn: IsoDate, months: number, graceDays: number) => {
  const dueOn = addMonths(completedOn, months);
  return { dueOn, overdueAfter: shiftDays(dueOn, graceDays) };
};
