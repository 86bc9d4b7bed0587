// Which standard applies: the one pure rule every calculation uses. Among the approved standards of
// the authorities above the payer (its prefecture and the province), those whose scope matches the
// case and that have a version in force on the day; a prefecture's standard before the province's
// (a prefecture sets its own where it has one), then the most specific scope (an occupation before
// its group before any occupation; a level, a person category, a training kind before none), then
// the standard id, so the answer never depends on the order the standards were read in.
import type { SkillLevel } from '../occupation/occupation-details';
import type { IsoDate } from '../personal-data/normalize';
import type { TrainingKind } from '../training-class/class-details';
import type { StandardAuthorityKind, StandardVersion } from './standard';
import type { StandardScope, StandardSubject } from './standard-terms';

/** An approved standard as a calculation reads it (from the log at the calculation's position). */
export interface ApprovedStandard {
  standardId: string;
  authorityId: string;
  authorityKind: StandardAuthorityKind;
  scope: StandardScope;
  versions: readonly StandardVersion[];
}

export interface StandardCase {
  subject: StandardSubject;
  trainingKind: TrainingKind | null;
  occupationCode: string | null;
  level: SkillLevel | null;
  personCategory: string | null;
  /** The day the standard must be in force on (a class's start). */
  on: IsoDate;
}

/** What a calculation records of the standard it applied: enough for anyone to look it up again. */
export interface AppliedStandard {
  standardId: string;
  version: number;
  authorityId: string;
  amountFen: number;
  unit: StandardVersion['unit'];
  effectiveFrom: IsoDate;
  basis: string;
  /** 技能提升补贴's yearly cap, when the version sets one (absent otherwise, as in calculations recorded before it existed). */
  maxPerPersonPerYear?: number;
}

/** The version in force on a day: the last one whose date has come. */
export const versionOn = (versions: readonly StandardVersion[], on: IsoDate): StandardVersion | undefined => {
  let found: StandardVersion | undefined;
  for (const v of versions) if (v.effectiveFrom <= on) found = v;
  return found;
};

const occupationMatch = (code: string | null, wanted: string | null): number => {
  if (code === null) return 1;
  if (wanted === null) return 0;
  if (code === wanted) return 3;
  return wanted.startsWith(`${code}-`) ? 2 : 0;
};

/** How well a scope fits a case: 0 when it does not apply at all, higher when more specific. */
export function specificity(scope: StandardScope, c: Omit<StandardCase, 'on'>): number {
  if (scope.subject !== c.subject) return 0;
  const occupation = occupationMatch(scope.occupationCode, c.occupationCode);
  if (occupation === 0) return 0;
  const exact = <T>(value: T | null, wanted: T | null) => (value === null ? 1 : value === wanted ? 2 : 0);
  const level = exact(scope.level, c.level);
  const category = exact(scope.personCategory, c.personCategory);
  const kind = exact(scope.trainingKind, c.trainingKind);
  if (level === 0 || category === 0 || kind === 0) return 0;
  // Occupation weighs most, then level, then person category, then kind.
  return occupation * 1000 + level * 100 + category * 10 + kind;
}

/** The standard and version that apply to a case, or undefined when none is in force. */
export function standardFor(standards: readonly ApprovedStandard[], c: StandardCase): AppliedStandard | undefined {
  const rank: Record<StandardAuthorityKind, number> = { prefecture: 2, province: 1 };
  let best: { s: ApprovedStandard; v: StandardVersion; key: [number, number, string] } | undefined;
  for (const s of standards) {
    const fit = specificity(s.scope, c);
    if (fit === 0) continue;
    const v = versionOn(s.versions, c.on);
    if (!v) continue;
    const key: [number, number, string] = [rank[s.authorityKind], fit, s.standardId];
    const better = !best || key[0] > best.key[0] || (key[0] === best.key[0] && (key[1] > best.key[1] || (key[1] === best.key[1] && key[2] < best.key[2])));
    if (better) best = { s, v, key };
  }
  if (!best) return undefined;
  const { s, v } = best;
  return {
    standardId: s.standardId,
    version: v.version,
    authorityId: s.authorityId,
    amountFen: v.amountFen,
    unit: v.unit,
    effectiveFrom: v.effectiveFrom,
    basis: v.basis,
    ...(v.maxPerPersonPerYear !== undefined ? { maxPerPersonPerYear: v.maxPerPersonPerYear } : {}),
  };
}
