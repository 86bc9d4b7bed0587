// 学籍异动 (requirement 9(6)): the changes of a student's status a school applies for, each reviewed
// through the one review workflow before it takes effect on the student's stream.
import { z } from 'zod';
import { CLASS_TYPES, type ClassType } from '../technical-school/school-vocabulary';
import { calendarDate, integerIn, oneOf, parseInput, requiredText } from '../shared/validation';

export const CHANGE_KINDS = ['transfer_out', 'transfer_in', 'suspend', 'resume', 'withdraw', 'cancel', 'change_major', 'repeat_year', 'graduate', 'complete'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];
export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  transfer_out: '转出',
  transfer_in: '转入',
  suspend: '休学',
  resume: '复学',
  withdraw: '退学',
  cancel: '注销学籍',
  change_major: '转专业',
  repeat_year: '留级',
  graduate: '毕业',
  complete: '结业',
};

/** A change as applied for: what, from when, why, and what it needs (the target school, the new major, the new year). */
export interface StudentChange {
  changeId: string;
  kind: ChangeKind;
  /** The school that applies (the student's school; for 转入, the receiving school). */
  schoolId: string;
  effectiveOn: string;
  reason: string;
  toSchoolId?: string;
  majorId?: string;
  classType?: ClassType;
  cohortYear?: number;
}

const base = { effectiveOn: calendarDate('生效日期'), reason: requiredText('异动原因', 500, { multiline: true }) };

export const changeInputSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('transfer_out'), ...base, toSchoolId: requiredText('转入院校', 100) }),
    z.object({ kind: z.literal('transfer_in'), ...base, majorId: requiredText('转入专业', 100), classType: oneOf('班级类型', CLASS_TYPES), cohortYear: integerIn('年级（入学年份）', 2000, 2100).optional() }),
    z.object({ kind: z.literal('suspend'), ...base }),
    z.object({ kind: z.literal('resume'), ...base }),
    z.object({ kind: z.literal('withdraw'), ...base }),
    z.object({ kind: z.literal('cancel'), ...base }),
    z.object({ kind: z.literal('change_major'), ...base, majorId: requiredText('新专业', 100), classType: oneOf('班级类型', CLASS_TYPES).optional() }),
    z.object({ kind: z.literal('repeat_year'), ...base, cohortYear: integerIn('新年级（入学年份）', 2000, 2100) }),
    // 毕结业 (requirement 9(9)): 毕业 when the course is passed, 结业 when it is finished without (the reason says which requirement).
    z.object({ kind: z.literal('graduate'), ...base }),
    z.object({ kind: z.literal('complete'), ...base }),
  ],
  { error: (issue) => (issue.input === undefined ? '请选择异动类型' : '异动类型不在可选范围内') },
);
export type ChangeInput = z.output<typeof changeInputSchema>;
export const parseChangeInput = (input: unknown): ChangeInput => parseInput(changeInputSchema, input);
