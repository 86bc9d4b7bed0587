// 个人补贴 (issue 14 §2): whether a person's application for one of three personal subsidies holds,
// and its amount from the subsidy standard in force, as a pure function of recorded facts (the
// class the person completed, as its stream stood at the recorded log position; the person's
// category; the evidence the person brought; the standards of the payer's prefecture and the
// province). The result names the standard and version applied, or every reason it is refused.
//   技能提升补贴 (skill_upgrade): an insured worker (参加失业保险满12个月, from the 参保证明 the counter
//     records: no social-insurance port exists yet) who obtained the certificate of a class recorded
//     here; the same occupation and level once per person.
//   生活费补贴 (living_allowance): a trainee of the 贫困家庭子女 category who completed the class.
//   一次性创业补贴 (startup): an SYB graduate whose business (营业执照: credit code and date) was
//     registered on or after the training's start; once per person.
import { z } from 'zod';
import type { SkillLevel } from '../occupation/occupation-details';
import { SKILL_LEVEL_LABELS } from '../occupation/occupation-details';
import { creditCodeSchema } from '../personal-data/credit-code';
import type { IsoDate } from '../personal-data/normalize';
import { formatYuan, type Fen } from '../shared/money';
import { calendarDate, integerIn, oneOf, parseInput, requiredText } from '../shared/validation';
import { standardFor, type AppliedStandard, type ApprovedStandard } from '../subsidy-standard/in-force';
import { NATIONAL_SKILL_UPGRADE_PER_YEAR, type StandardSubject } from '../subsidy-standard/standard-terms';
import type { EntrepreneurshipSubKind, TrainingKind } from '../training-class/class-details';

export const PERSONAL_SUBSIDY_KINDS = ['skill_upgrade', 'living_allowance', 'startup'] as const;
export type PersonalSubsidyKind = (typeof PERSONAL_SUBSIDY_KINDS)[number];
export const PERSONAL_SUBSIDY_KIND_LABELS: Record<PersonalSubsidyKind, string> = {
  skill_upgrade: '技能提升补贴',
  living_allowance: '生活费补贴',
  startup: '一次性创业补贴',
};
/** Each kind is paid by the standards of the same subject (补贴标准's 补贴类型). */
const SUBJECT_OF: Record<PersonalSubsidyKind, StandardSubject> = { skill_upgrade: 'skill_upgrade', living_allowance: 'living_allowance', startup: 'startup' };

/** 参加失业保险满1年 (人社部发〔2021〕46号 as most provinces apply it): months of contributions required. */
export const MIN_INSURED_MONTHS = 12;
/** The person category that may receive 生活费补贴 (dictionary code). */
export const LIVING_ALLOWANCE_CATEGORY = 'poor_family_child';

export type SkillUpgradeEvidence = { kind: 'skill_upgrade'; insuredMonths: number; insuranceProof: string };
export type LivingAllowanceEvidence = { kind: 'living_allowance' };
export type StartupEvidence = { kind: 'startup'; licenceNo: string; registeredOn: IsoDate; businessName: string };
export type PersonalSubsidyEvidence = SkillUpgradeEvidence | LivingAllowanceEvidence | StartupEvidence;

const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('skill_upgrade'), insuredMonths: integerIn('失业保险缴费月数', 0, 600), insuranceProof: requiredText('参保证明编号', 40) }),
  z.object({ kind: z.literal('living_allowance') }),
  z.object({ kind: z.literal('startup'), licenceNo: creditCodeSchema('营业执照统一社会信用代码'), registeredOn: calendarDate('营业执照登记日期'), businessName: requiredText('经营主体名称', 100) }),
]);
export const kindSchema = oneOf('补贴类型', PERSONAL_SUBSIDY_KINDS);

/** The evidence for a kind, from the form: a Chinese message for each bad field. */
export function parseEvidence(kind: unknown, input: unknown): PersonalSubsidyEvidence {
  const k = parseInput(kindSchema, kind);
  const raw = input && typeof input === 'object' ? input : {};
  return parseInput(evidenceSchema, { ...raw, kind: k }) as PersonalSubsidyEvidence;
}

export type PersonalClassFacts = {
  classId: string;
  classNo: string;
  name: string;
  institutionId: string;
  kind: TrainingKind;
  subKind: EntrepreneurshipSubKind | null;
  occupation: { code: string; name: string; level: SkillLevel } | null;
  /** The standard must be in force on this day (the class's start). */
  startedOn: IsoDate;
  completedOn: IsoDate;
  /** Distinct days of the timetable (a per-day standard pays this many days). */
  days: number;
};

export type PersonalSubsidyFacts = {
  kind: PersonalSubsidyKind;
  person: { personId: string; name: string; idNumberMasked: string; personCategory: string | null };
  class: PersonalClassFacts;
  /** The person's line of the approved completion; null when not on the class's roster. */
  outcome: { completed: boolean; reasons: string[]; certificateNo: string | null } | null;
  evidence: PersonalSubsidyEvidence;
  /** Approved standards of the subject, of the payer's prefecture and the province. */
  standards: ApprovedStandard[];
  /**
   * 技能提升补贴: the person's 技能提升补贴 claims held on their claim stream (subsidy-claim-<id>) when
   * the facts were read, for the yearly cap. Absent in applications made before the cap existed.
   */
  skillUpgradeClaims?: SkillUpgradeClaimFact[];
};

export type SkillUpgradeClaimFact = { claimId: string; className: string; subject: string; year: string };

/** The year a 技能提升补贴 counts in: the year the class completed (the certificate was obtained then), China time. */
export const skillUpgradeYear = (c: Pick<PersonalClassFacts, 'completedOn'>) => c.completedOn.slice(0, 4);

/** The yearly cap a standard sets for 技能提升补贴, or the national rule's 3, with the basis a refusal names. */
export const skillUpgradeCap = (standard: AppliedStandard | null): { maxPerYear: number; basis: string } =>
  standard?.maxPerPersonPerYear !== undefined
    ? { maxPerYear: standard.maxPerPersonPerYear, basis: `补贴标准：${standard.basis}` }
    : { maxPerYear: NATIONAL_SKILL_UPGRADE_PER_YEAR, basis: '国家规定每人每年最多享受3次' };

export type PersonalSubsidyResult = {
  /** 0 when refused. */
  amountFen: Fen;
  standard: AppliedStandard | null;
  /** Days paid by a per-day standard (null for a per-person one). */
  days: number | null;
  /** What the once-only limit counts: the same key is subsidised once per person and kind. */
  claimKey: string;
  claimLabel: string;
  /** Every reason the application does not hold (empty: it does). */
  refusals: string[];
};

/** The limit's key: the occupation and level for 技能提升补贴, the class for 生活费补贴, one for 创业补贴. */
export function claimOf(kind: PersonalSubsidyKind, c: Pick<PersonalClassFacts, 'classId' | 'name' | 'occupation'>): { key: string; label: string } {
  if (kind === 'skill_upgrade') {
    return c.occupation
      ? { key: `occupation:${c.occupation.code}:${c.occupation.level}`, label: `${c.occupation.name}（${c.occupation.code}）${SKILL_LEVEL_LABELS[c.occupation.level]}` }
      : { key: `class:${c.classId}`, label: c.name };
  }
  if (kind === 'living_allowance') return { key: `class:${c.classId}`, label: c.name };
  return { key: 'startup', label: '一次性创业补贴' };
}

/** The application's amount, or every reason it is refused. */
export function calculatePersonalSubsidy(facts: PersonalSubsidyFacts): PersonalSubsidyResult {
  const { kind, person, class: c, outcome, evidence } = facts;
  const refusals: string[] = [];
  if (evidence.kind !== kind) refusals.push('申请材料与补贴类型不符');
  if (!outcome) refusals.push(`${person.name}不在${c.name}的学员名单中`);
  else if (!outcome.completed) refusals.push(`未结业（${outcome.reasons.join('；') || '结业审核未通过'}）`);

  if (kind === 'skill_upgrade') {
    if (!c.occupation) refusals.push('该班级不培训职业（工种），没有对应的职业技能等级');
    if (outcome?.completed && !outcome.certificateNo) refusals.push('本系统中没有其取得的证书');
    if (evidence.kind === 'skill_upgrade' && evidence.insuredMonths < MIN_INSURED_MONTHS) refusals.push(`参加失业保险${evidence.insuredMonths}个月，不满${MIN_INSURED_MONTHS}个月`);
  }
  if (kind === 'living_allowance' && person.personCategory !== LIVING_ALLOWANCE_CATEGORY) refusals.push(`人员类别不是贫困家庭子女（${person.personCategory ?? '未登记'}）`);
  if (kind === 'startup') {
    if (c.kind !== 'entrepreneurship' || c.subKind !== 'syb') refusals.push('不是创办你的企业（SYB）创业培训班');
    if (evidence.kind === 'startup' && evidence.registeredOn < c.startedOn) refusals.push(`营业执照登记日期${evidence.registeredOn}早于培训开班日${c.startedOn}，不是培训后创业`);
  }

  const standard = standardFor(facts.standards, {
    subject: SUBJECT_OF[kind],
    trainingKind: kind === 'living_allowance' ? c.kind : null,
    occupationCode: kind === 'startup' ? null : (c.occupation?.code ?? null),
    level: kind === 'skill_upgrade' ? (c.occupation?.level ?? null) : null,
    personCategory: person.personCategory,
    on: c.startedOn,
  }) ?? null;
  if (!standard) refusals.push(`开班日（${c.startedOn}）没有适用的${PERSONAL_SUBSIDY_KIND_LABELS[kind]}标准`);
  if (kind === 'skill_upgrade' && facts.skillUpgradeClaims) {
    const year = skillUpgradeYear(c);
    const cap = skillUpgradeCap(standard);
    const thatYear = facts.skillUpgradeClaims.filter((h) => h.year === year);
    if (thatYear.length >= cap.maxPerYear) {
      refusals.push(`${year}年已享受技能提升补贴${thatYear.length}次，达到每人每年${cap.maxPerYear}次的上限（${cap.basis}）：${thatYear.map((h) => `${h.className}（${h.subject}）`).join('、')}`);
    }
  }
  const days = standard?.unit === 'per_day' ? c.days : null;
  const amountFen = refusals.length > 0 || !standard ? 0 : standard.amountFen * (days ?? 1);
  const claim = claimOf(kind, c);
  return { amountFen, standard, days, claimKey: claim.key, claimLabel: claim.label, refusals };
}

/** The result in one line, as histories and inboxes name it. */
export const describePersonalSubsidy = (kind: PersonalSubsidyKind, r: PersonalSubsidyResult) =>
  r.refusals.length > 0 ? `${PERSONAL_SUBSIDY_KIND_LABELS[kind]}不符合条件：${r.refusals.join('；')}` : `${PERSONAL_SUBSIDY_KIND_LABELS[kind]} ${formatYuan(r.amountFen)}（标准${r.standard?.standardId.slice(0, 8)}第${r.standard?.version}版）`;
