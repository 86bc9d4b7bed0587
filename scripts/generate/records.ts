// The records of the synthetic province, as the API would receive them (raw input, validated later
// by the same domain schemas) together with what should happen to each in the review workflow.
// Everything is drawn from seeded streams, in order, so the same seed gives the same province.
import { v5 as uuidv5 } from 'uuid';
import { CREDIT_CODE_CHARSET, creditCodeCheckCharacter, organizationCodeCheckCharacter } from '../../domain/personal-data/credit-code';
import { authorityId } from '../../domain/organization/guizhou-divisions';
import { BRANDS, INSTITUTION_SUFFIXES, OCCUPATIONS, PERSON_CATEGORIES, STREETS, TEACHER_QUALIFICATIONS, TRAINING_CONTENTS, TRAINING_ORGANISERS } from './catalogue';
import { ageOn, bankCard, birthDate, chineseName, idNumber, landline, mobilePhone, type Sex } from './people';
import { COUNTIES, RESIDENTS, institutionWeight, shortCountyName, type County } from './places';
import { Weighted, apportion, type Random } from './random';

const GENERATOR_NAMESPACE = '5c1e9a3b-7d2f-4e8a-b6c0-9f1d3e5a7b24';
export const generatedId = (seed: string, key: string) => uuidv5(`${seed}:${key}`, GENERATOR_NAMESPACE);

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

// --- institutions -------------------------------------------------------------------------------

export type InstitutionOutcome = 'active' | 'draft' | 'pending_county' | 'pending_city' | 'returned' | 'rejected';
const INSTITUTION_OUTCOMES = new Weighted<InstitutionOutcome>([
  ['active', 92],
  ['draft', 1.5],
  ['pending_county', 2],
  ['pending_city', 2],
  ['returned', 1.5],
  ['rejected', 1],
]);

const NATURES = new Weighted([
  ['private', 70],
  ['vocational_school', 8],
  ['other_qualified', 8],
  ['employment_training_center', 6],
  ['hrss_direct', 5],
  ['hrss_entrusted', 3],
] as const);

/** An institution fixed by the caller (the demo's own schools): id, county and name kept. */
export interface FixedInstitution {
  id: string;
  countyCode: string;
  name: string;
}

export interface InstitutionPlan {
  index: number;
  id: string;
  county: County;
  name: string;
  outcome: InstitutionOutcome;
  /** How many trainees it attracts relative to the others (its size). */
  pull: number;
  input: Record<string, unknown>;
}

/** A unified social credit code (GB 32100) whose check characters compute. */
function creditCode(random: Random, nature: string, county: County): string {
  const charset = CREDIT_CODE_CHARSET.replace(/[IOSVZ]/g, '');
  const body =
    nature === 'private'
      ? `MJ${random.digits(6)}` // 民办非企业单位, registered with 民政
      : nature === 'other_qualified'
        ? `MA6${Array.from({ length: 5 }, () => random.pick([...charset])).join('')}` // enterprise
        : random.digits(8); // public institution (事业单位)
  const prefix = nature === 'private' ? '52' : nature === 'other_qualified' ? '91' : '12';
  const first17 = `${prefix}${county.code}${body}${organizationCodeCheckCharacter(body)}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** Picks `count` counties' worth of institutions: every county gets one when there are enough. */
export function planInstitutions(random: Random, count: number, today: string, seed: string, fixed: readonly FixedInstitution[] = []): InstitutionPlan[] {
  const perCounty = apportion(
    count,
    COUNTIES.map((c) => [c, institutionWeight(c)] as const),
    1,
  );
  const fixedByCounty = new Map<string, FixedInstitution[]>();
  for (const f of fixed) fixedByCounty.set(f.countyCode, [...(fixedByCounty.get(f.countyCode) ?? []), f]);
  // The fixed institutions count towards their county's share.
  for (const [code, list] of fixedByCounty) {
    const county = COUNTIES.find((c) => c.code === code);
    if (!county) throw new Error(`unknown county ${code}`);
    if (perCounty.get(county)! < list.length) {
      // Take the places from the largest other counties, so the total stays `count`.
      let missing = list.length - perCounty.get(county)!;
      perCounty.set(county, list.length);
      for (const [other] of [...perCounty].sort((a, b) => b[1] - a[1])) {
        if (missing === 0) break;
        if (other === county || fixedByCounty.has(other.code) || perCounty.get(other)! === 0) continue;
        perCounty.set(other, perCounty.get(other)! - 1);
        missing--;
      }
    }
  }

  const plans: InstitutionPlan[] = [];
  for (const county of COUNTIES) {
    const n = perCounty.get(county) ?? 0;
    const fixedHere = fixedByCounty.get(county.code) ?? [];
    const brands = [...BRANDS];
    for (let k = 0; k < n; k++) {
      const index = plans.length;
      const f = fixedHere[k];
      const nature = NATURES.draw(random);
      // Each brand once per county; beyond the list, a second campus.
      const brand = brands.length ? brands.splice(random.int(0, brands.length - 1), 1)[0]! : `${random.pick(BRANDS)}第${k}`;
      const name = f?.name ?? `${shortCountyName(county.name)}${brand}${INSTITUTION_SUFFIXES.draw(random)}`;
      const legalBirth = birthDate(random, 1962, 1990);
      const legalSex: Sex = random.chance(0.6) ? 'male' : 'female';
      const headSex: Sex = random.chance(0.5) ? 'male' : 'female';
      const approvalDate = addDays(today, -random.int(60, 15 * 365));
      const recognitionDate = random.chance(0.7) ? approvalDate : addDays(approvalDate, random.int(0, 50));
      // Licences run three to six years; a few run out within the next two months (the licence job tells them).
      const validUntil = random.chance(0.04) ? addDays(today, random.int(5, 60)) : addDays(today, random.int(90, 5 * 365));
      const scale = Math.round(Math.exp(random.normal(5.5, 0.7, 3.9, 8)));
      const address = () => `贵州省${county.prefectureName}${county.name}${random.pick(STREETS)}${random.int(1, 399)}号`;
      const registeredAddress = address();
      const scope = Array.from(new Set(Array.from({ length: random.int(1, 6) }, () => random.pick(OCCUPATIONS))));
      const id = f?.id ?? generatedId(seed, `institution:${index}`);
      plans.push({
        index,
        id,
        county,
        name,
        outcome: f ? 'active' : INSTITUTION_OUTCOMES.draw(random),
        pull: scale,
        input: {
          name,
          supervisingAuthorityId: authorityId(county.code),
          registeredAddress,
          schoolAddress: random.chance(0.7) ? registeredAddress : address(),
          legalPersonName: chineseName(random, legalSex, Number(legalBirth.slice(0, 4)), county.prefectureCode),
          legalPersonIdNumber: idNumber(random, county, legalBirth, legalSex, new Set()),
          trainingHead: chineseName(random, headSex, random.int(1965, 1995), county.prefectureCode),
          phone: random.chance(0.6) ? landline(random) : mobilePhone(random),
          occupationScope: scope.map((o) => ({ code: o.code, name: o.name })),
          nature,
          category: random.chance(0.06) ? 'high_skill' : 'ordinary',
          categoryTags: random.chance(0.3) ? [random.pick(['创业培训定点机构', '职业技能等级认定机构', '以工代训定点机构'])] : [],
          designated: random.chance(0.65),
          recognitionDate: recognitionDate > today ? today : recognitionDate,
          approvalDate,
          validUntil,
          scale,
          floorArea: Math.round(scale * random.normal(3, 0.8, 1.2, 8)),
          bankAccount: bankCard(random),
          bankAccountName: name,
          licenceNumber: `人社民${county.code}${String(7_000_000 + index).padStart(7, '0')}号`,
          documents: [
            { fileId: `file-${generatedId(seed, `institution:${index}:licence`)}`, name: '办学许可证.pdf', kind: 'licence' },
            ...(random.chance(0.5) ? [{ fileId: `file-${generatedId(seed, `institution:${index}:approval`)}`, name: '设立批复.pdf', kind: 'approval' }] : []),
          ],
          creditCode: creditCode(random, nature, county),
        },
      });
    }
  }
  return plans;
}

/**
 * Where a person from a county trains: mostly in the own county, else in the own prefecture, a few
 * in Guiyang or anywhere; within a place in proportion to the institutions' size.
 */
export function institutionChooser(active: readonly InstitutionPlan[]) {
  if (active.length === 0) throw new Error('no effective institution to train at');
  const table = (list: readonly InstitutionPlan[]) => (list.length ? new Weighted(list.map((p) => [p, p.pull] as const)) : undefined);
  const byCounty = new Map<string, Weighted<InstitutionPlan> | undefined>();
  const byPrefecture = new Map<string, Weighted<InstitutionPlan> | undefined>();
  const all = table(active)!;
  const guiyang = table(active.filter((p) => p.county.prefectureCode === '520100')) ?? all;
  return (random: Random, home: County, exclude?: InstitutionPlan): InstitutionPlan => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const roll = random.next();
      let pool: Weighted<InstitutionPlan> | undefined;
      if (roll < 0.72) {
        if (!byCounty.has(home.code)) byCounty.set(home.code, table(active.filter((p) => p.county.code === home.code)));
        pool = byCounty.get(home.code);
      } else if (roll < 0.9) {
        if (!byPrefecture.has(home.prefectureCode)) byPrefecture.set(home.prefectureCode, table(active.filter((p) => p.county.prefectureCode === home.prefectureCode)));
        pool = byPrefecture.get(home.prefectureCode);
      } else {
        pool = roll < 0.96 ? guiyang : all;
      }
      const chosen = (pool ?? all).draw(random);
      if (chosen !== exclude) return chosen;
    }
    return active.find((p) => p !== exclude) ?? active[0]!;
  };
}

// --- trainees -----------------------------------------------------------------------------------

export type TraineeOutcome = 'approved' | 'pending' | 'returned' | 'draft' | 'rejected';
const TRAINEE_OUTCOMES = new Weighted<TraineeOutcome>([
  ['approved', 90],
  ['pending', 4],
  ['returned', 2.5],
  ['draft', 2.5],
  ['rejected', 1],
]);
/** Share of approved trainees that a second institution enters too (the duplicate-entry path). */
const DUPLICATE_SHARE = 0.04;
const DUPLICATE_OUTCOMES = new Weighted<'approved' | 'pending' | 'rejected'>([
  ['approved', 80],
  ['pending', 12],
  ['rejected', 8],
]);

export interface TraineePlan {
  index: number;
  input: { name: string; idNumber: string; personCategory: string; phone: string; bankAccount: string | null };
  institution: InstitutionPlan;
  outcome: TraineeOutcome;
  second?: { institution: InstitutionPlan; outcome: 'approved' | 'pending' | 'rejected' };
}

/** Birth years that fit a person category (graduates and school leavers are young). */
function birthFor(random: Random, category: string): string {
  if (category === 'graduate') return birthDate(random, 1999, 2004);
  if (category === 'school_leaver') return birthDate(random, 2003, 2006);
  return birthDate(random);
}

export function* planTrainees(random: Random, count: number, active: readonly InstitutionPlan[], taken: Set<string>): Generator<TraineePlan> {
  const choose = institutionChooser(active);
  for (let index = 0; index < count; index++) {
    const home = RESIDENTS.draw(random);
    const sex: Sex = random.chance(0.52) ? 'male' : 'female';
    const personCategory = PERSON_CATEGORIES.draw(random);
    const birth = birthFor(random, personCategory);
    const name = chineseName(random, sex, Number(birth.slice(0, 4)), home.prefectureCode);
    const id = idNumber(random, home, birth, sex, taken, random.chance(0.015));
    const institution = choose(random, home);
    const outcome = TRAINEE_OUTCOMES.draw(random);
    const plan: TraineePlan = {
      index,
      input: { name, idNumber: id, personCategory, phone: mobilePhone(random), bankAccount: random.chance(0.7) ? bankCard(random) : null },
      institution,
      outcome,
    };
    if (outcome === 'approved' && active.length > 1 && random.chance(DUPLICATE_SHARE)) {
      plan.second = { institution: choose(random, home, institution), outcome: DUPLICATE_OUTCOMES.draw(random) };
    }
    yield plan;
  }
}

// --- teachers -----------------------------------------------------------------------------------

export type TeacherOutcome = 'approved' | 'pending' | 'returned' | 'draft';
const TEACHER_OUTCOMES = new Weighted<TeacherOutcome>([
  ['approved', 91],
  ['pending', 4],
  ['returned', 2],
  ['draft', 3],
]);
const TIERS = new Weighted<'none' | 'county' | 'city' | 'province'>([
  ['none', 55],
  ['county', 30],
  ['city', 11],
  ['province', 4],
]);

export interface TeacherPlan {
  index: number;
  input: Record<string, unknown>;
  institution: InstitutionPlan;
  outcome: TeacherOutcome;
  certificate?: { certificateNo: string; certifiedOn: string };
  tier: 'none' | 'county' | 'city' | 'province';
  second?: InstitutionPlan;
}

export function* planTeachers(random: Random, count: number, active: readonly InstitutionPlan[], taken: Set<string>, today: string): Generator<TeacherPlan> {
  const choose = institutionChooser(active);
  for (let index = 0; index < count; index++) {
    const home = RESIDENTS.draw(random);
    const sex: Sex = random.chance(0.55) ? 'male' : 'female';
    const birth = birthDate(random, 1962, 1998);
    const age = ageOn(birth, today);
    const institution = choose(random, home);
    const scope = (institution.input.occupationScope as { name: string }[]).map((o) => o.name);
    const subjects = Array.from(new Set([random.pick(scope), ...(random.chance(0.3) ? [random.pick(scope)] : [])]));
    const yearsTeaching = Math.max(0, Math.min(age - 22, random.int(1, 30)));
    const history = Array.from({ length: random.int(0, 3) }, () => {
      const year = random.int(Math.max(2005, Number(birth.slice(0, 4)) + 22), Number(today.slice(0, 4)) - 1);
      const month = random.int(1, 11);
      return {
        from: `${year}-${String(month).padStart(2, '0')}`,
        to: `${year}-${String(month + 1).padStart(2, '0')}`,
        content: random.pick(TRAINING_CONTENTS),
        organiser: random.pick(TRAINING_ORGANISERS),
      };
    });
    const outcome = TEACHER_OUTCOMES.draw(random);
    const approved = outcome === 'approved';
    const plan: TeacherPlan = {
      index,
      input: {
        name: chineseName(random, sex, Number(birth.slice(0, 4)), home.prefectureCode),
        idNumber: idNumber(random, home, birth, sex, taken),
        fullTime: random.chance(0.6),
        subjects,
        level: random.pick(['junior', 'intermediate', 'intermediate', 'senior']),
        trainingQualification: random.chance(0.8) ? random.pick(TEACHER_QUALIFICATIONS) : '',
        yearsTeaching,
        trainingHistory: history,
      },
      institution,
      outcome,
      tier: approved ? TIERS.draw(random) : 'none',
    };
    if (approved && random.chance(0.6)) {
      plan.certificate = { certificateNo: `黔师资${today.slice(0, 4)}-${String(index + 1).padStart(6, '0')}`, certifiedOn: addDays(today, -random.int(0, 700)) };
    }
    if (approved && active.length > 1 && random.chance(0.03)) plan.second = choose(random, home, institution);
    yield plan;
  }
}
