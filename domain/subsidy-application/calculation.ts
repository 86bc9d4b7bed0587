// 机构培训经费 (issue 14 §2): who of a completed class is funded and how much, with the reason for
// every person left out. A pure function of recorded facts (the class as completed, the standards
// and the eligibility policy as the log stood at the recorded position, the people's categories and
// earlier claims, confirmed fraud exclusions), so anyone recomputes the same list and amount from
// the facts the application keeps (commands/subsidy-application/recompute.ts checks them against
// the log). Amounts are integer fen.
import type { SkillLevel } from '../occupation/occupation-details';
import type { IsoDate } from '../personal-data/normalize';
import { formatYuan, sumFen, type Fen } from '../shared/money';
import { standardFor, type AppliedStandard, type ApprovedStandard } from '../subsidy-standard/in-force';
import type { EntrepreneurshipSubKind, FundingSource, TrainingKind } from '../training-class/class-details';
import { checkEligibility, type PolicyInForce, type SubsidisedTraining } from '../training-class/eligibility';
import { voucherAmount, type VoucherKind } from '../voucher/terms';
import type { VoucherStatus } from '../voucher/voucher';

/** Where the attendance rates come from. */
export type AttendanceSource = 'class_completion' | 'class_completion_and_capture_exclusions';
export const ATTENDANCE_SOURCE_LABELS: Record<AttendanceSource, string> = {
  class_completion: '班级结业审核时的出勤记录（考勤抓拍的欺诈排除尚未接入）',
  class_completion_and_capture_exclusions: '班级结业审核时的出勤记录（已扣除当时确认的考勤欺诈），并排除申报时已确认欺诈预警涉及的学员',
};

export type ClassFacts = {
  classId: string;
  classNo: string;
  name: string;
  institutionId: string;
  kind: TrainingKind;
  subKind: EntrepreneurshipSubKind | null;
  occupation: { code: string; name: string; level: SkillLevel } | null;
  plannedStart: IsoDate;
  /** The standard must be in force on this day (the class's start). */
  startedOn: IsoDate;
  completedOn: IsoDate;
  /** Distinct days of the timetable (a per-day standard pays this many days). */
  days: number;
  minAttendancePercent: number;
  assessmentRequired: boolean;
}

export type ParticipantFacts = {
  participantId: string;
  name: string;
  idNumberMasked: string;
  funding: FundingSource;
  /** Completed (结业) per the approved completion, with its reasons when not. */
  completed: boolean;
  completionReasons: string[];
  ratePermille: number;
  assessmentPassed: boolean | null;
  certificateNo: string | null;
  /** 人员类别 (dictionary code); null when unknown. */
  personCategory: string | null;
  /** The person's subsidised trainings already claimed in other applications (not rejected or withdrawn). */
  claims: SubsidisedTraining[];
  /** The training voucher the place was enrolled with (职业培训券), as its holder's stream stood; absent: none. */
  voucher?: VoucherFacts;
}

export type VoucherFacts = {
  voucherId: string;
  voucherNo: string;
  status: VoucherStatus;
  /** The class it was used for (null: not used, e.g. released). */
  usedForClassId: string | null;
  kind: VoucherKind;
  faceValueFen: Fen | null;
  discountPercent: number | null;
  /** Why it was cancelled or expired. */
  endReason: string | null;
}

export type FraudExclusion = {
  participantId: string;
  signalId: string;
  reason: string;
}

export type FundingFacts = {
  class: ClassFacts;
  participants: ParticipantFacts[];
  fraudExclusions: FraudExclusion[];
  attendanceSource: AttendanceSource;
  policy: PolicyInForce;
  /** Approved standards of the payer's prefecture and the province for institution training. */
  standards: ApprovedStandard[];
}

export type FundedPerson = {
  participantId: string;
  name: string;
  idNumberMasked: string;
  ratePermille: number;
  amountFen: Fen;
  standardId: string;
  standardVersion: number;
  /** Settled against this voucher (the amount is the voucher's); absent for a place without one. */
  voucherId?: string;
}

export type ExcludedPerson = {
  participantId: string;
  name: string;
  idNumberMasked: string;
  ratePermille: number;
  reasons: string[];
}

export type FundingResult = {
  eligible: FundedPerson[];
  excluded: ExcludedPerson[];
  totalFen: Fen;
  /** Every standard version applied (one per distinct person category, usually one). */
  standards: AppliedStandard[];
}

const percent = (permille: number) => `${Math.floor(permille / 10)}.${permille % 10}%`;

const amountOf = (standard: AppliedStandard, days: number): Fen => (standard.unit === 'per_day' ? standard.amountFen * days : standard.amountFen);

/** The eligible trainees and the amount, with every excluded person's reasons. */
export function calculateTrainingFunding(facts: FundingFacts): FundingResult {
  const c = facts.class;
  const fraud = new Map<string, FraudExclusion[]>();
  for (const f of facts.fraudExclusions) fraud.set(f.participantId, [...(fraud.get(f.participantId) ?? []), f]);
  const eligible: FundedPerson[] = [];
  const excluded: ExcludedPerson[] = [];
  const applied = new Map<string, AppliedStandard>();
  for (const p of facts.participants) {
    const reasons: string[] = [];
    if (p.funding === 'self_paid') reasons.push('自费参加培训，不在补贴范围');
    if (!p.completed) reasons.push(`未结业（${p.completionReasons.join('；') || '结业审核未通过'}）`);
    else if (p.ratePermille < c.minAttendancePercent * 10) reasons.push(`出勤率${percent(p.ratePermille)}，低于${c.minAttendancePercent}%`);
    if (c.assessmentRequired && p.assessmentPassed !== true && !p.certificateNo) reasons.push(p.assessmentPassed === false ? '考核不合格' : '无考核合格记录');
    for (const f of fraud.get(p.participantId) ?? []) reasons.push(`考勤存在经确认的欺诈（预警${f.signalId.slice(0, 8)}：${f.reason}）`);
    if (p.funding === 'subsidised') {
      const outcome = checkEligibility(facts.policy, p.claims, { classId: c.classId, details: { kind: c.kind, subKind: c.subKind, occupation: c.occupation, plannedStart: c.plannedStart } });
      for (const r of outcome.reasons) reasons.push(r.message);
    }
    const standard = standardFor(facts.standards, {
      subject: 'training',
      trainingKind: c.kind,
      occupationCode: c.occupation?.code ?? null,
      level: c.occupation?.level ?? null,
      personCategory: p.personCategory,
      on: c.startedOn,
    });
    if (!standard) reasons.push(`开班日（${c.startedOn}）没有适用的补贴标准${p.personCategory ? `（人员类别：${p.personCategory}）` : ''}`);
    const v = p.voucher;
    if (v) reasons.push(...voucherReasons(v, c.classId));
    const who = { participantId: p.participantId, name: p.name, idNumberMasked: p.idNumberMasked, ratePermille: p.ratePermille };
    if (reasons.length > 0 || !standard) {
      excluded.push({ ...who, reasons });
      continue;
    }
    applied.set(`${standard.standardId}#${standard.version}`, standard);
    // A voucher-funded place is settled against the voucher: its face value, or its percentage of the standard's amount.
    const amountFen = v ? voucherAmount(v, amountOf(standard, c.days)) : amountOf(standard, c.days);
    eligible.push({ ...who, amountFen, standardId: standard.standardId, standardVersion: standard.version, ...(v ? { voucherId: v.voucherId } : {}) });
  }
  return { eligible, excluded, totalFen: sumFen(eligible.map((e) => e.amountFen)), standards: [...applied.values()].sort((a, b) => a.standardId.localeCompare(b.standardId)) };
}

/** Why a voucher-funded place cannot be settled against its voucher (cancelled, expired, or not used for this class). */
function voucherReasons(v: VoucherFacts, classId: string): string[] {
  if (v.status === 'cancelled') return [`培训券${v.voucherNo}已作废（${v.endReason ?? ''}），不予结算`];
  if (v.status === 'expired') return [`培训券${v.voucherNo}已过期，不予结算`];
  if (v.usedForClassId !== classId) return [`培训券${v.voucherNo}未用于本班，不予结算`];
  return [];
}

/** The result in one line, as histories and inboxes name it. */
export const describeFunding = (r: FundingResult) => `符合条件${r.eligible.length}人，不符合${r.excluded.length}人，合计${formatYuan(r.totalFen)}`;

/** JSON with its keys sorted: a stored event's data (jsonb) keeps no key order. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** Whether two facts or results are the same to the fen and person, whatever their key order (an auditor's recomputation). */
export const sameValue = (a: unknown, b: unknown) => canonical(a) === canonical(b);
