// 考核: each participant's assessment result, entered by the institution and reviewed with the
// completion request. What a result must hold depends on the class's assessment plan: scores for
// the parts it examines, or the skill-level certificate number for 职业技能等级认定.
import { z } from 'zod';
import type { FieldError } from '../shared/errors';
import { optionalText, parseInput, requiredText } from '../shared/validation';
import type { AssessmentPlan } from './class-details';

export interface AssessmentResult {
  participantId: string;
  writtenScore: number | null;
  practicalScore: number | null;
  /** The skill-level certificate obtained (技能等级证书编号), for 职业技能等级认定. */
  certificateNo: string | null;
  passed: boolean;
}

/** 0 to 100, at most one decimal (85.5). */
const score = (label: string) =>
  z
    .number({ error: (issue) => (issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}必须是数字`) })
    .min(0, { error: `${label}不能小于0` })
    .max(100, { error: `${label}不能大于100` })
    .refine((v) => /^\d{1,3}(\.\d)?$/.test(String(v)), { error: `${label}最多保留一位小数` })
    .nullable()
    .default(null);

export const assessmentResultSchema = z.object({
  participantId: requiredText('参训人员', 64),
  writtenScore: score('理论成绩'),
  practicalScore: score('实操成绩'),
  certificateNo: optionalText('技能等级证书编号', 50).transform((v) => v || null),
  passed: z.boolean({ error: '请选择考核结果（合格或不合格）' }),
});

export const parseAssessmentResults = (results: unknown): AssessmentResult[] =>
  parseInput(z.object({ results: z.array(assessmentResultSchema, { error: '考核结果必须是列表' }).min(1, { error: '请至少录入一条考核结果' }).max(1000) }), { results }).results;

/** What each result lacks or contradicts under the plan: fields named `results.<row>.<field>`. */
export function checkAgainstPlan(results: readonly AssessmentResult[], plan: AssessmentPlan): FieldError[] {
  const problems: FieldError[] = [];
  results.forEach((r, i) => {
    const at = (field: string, message: string) => problems.push({ field: `results.${i}.${field}`, message });
    const needsWritten = plan.mode === 'written' || plan.mode === 'written_practical';
    const needsPractical = plan.mode === 'practical' || plan.mode === 'written_practical';
    if (needsWritten && r.writtenScore === null) at('writtenScore', '考核方案含理论考试，请填写理论成绩');
    if (needsPractical && r.practicalScore === null) at('practicalScore', '考核方案含实操考核，请填写实操成绩');
    if (plan.mode === 'skill_certificate') {
      if (r.passed && !r.certificateNo) at('certificateNo', '考核方式为职业技能等级认定，合格人员须填写技能等级证书编号');
      if (!r.passed && r.certificateNo) at('passed', '已填写技能等级证书编号的人员应为合格');
      return;
    }
    const scores = [needsWritten ? r.writtenScore : null, needsPractical ? r.practicalScore : null].filter((s): s is number => s !== null);
    if (scores.length === Number(needsWritten) + Number(needsPractical)) {
      const passes = scores.every((s) => s >= plan.passScore);
      if (passes !== r.passed) at('passed', passes ? `成绩均达到合格分数线${plan.passScore}分，考核结果应为合格` : `有成绩低于合格分数线${plan.passScore}分，考核结果应为不合格`);
    }
  });
  return problems;
}
