// The synthetic data passes the domain's own checks, and the same seed gives the same data.
import { describe, expect, it } from '@jest/globals';
import { passesLuhn } from '../../domain/personal-data/bank-card';
import { creditCodeWarnings } from '../../domain/personal-data/credit-code';
import { checkIdNumber, describeIdNumber } from '../../domain/personal-data/id-number';
import { institutionInputSchema, institutionWarnings } from '../../domain/institution/institution-details';
import { parseInput } from '../../domain/shared/validation';
import { teacherInputSchema } from '../../domain/teacher/teacher-input';
import { traineeInputSchema } from '../../domain/trainee/trainee-input';
import { bankCard, chineseName, idNumber } from './people';
import { COUNTIES, countyByCode, regionCodeAtBirth, shortCountyName, shortPrefectureName } from './places';
import { Random, apportion } from './random';
import { planInstitutions, planTeachers, planTrainees } from './records';

const TODAY = '2026-11-25';

describe('the data generator', () => {
  it('draws the same sequence from the same seed and different ones from others', () => {
    const a = new Random('x');
    const b = new Random('x');
    const c = new Random('y');
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.next());
    const first = draw(a);
    expect(draw(b)).toEqual(first);
    expect(draw(c)).not.toEqual(first);
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('apportions a total over weights, every key getting its floor when the total allows', () => {
    const shares = apportion(10, [['a', 5], ['b', 3], ['c', 2]] as const, 1);
    expect([...shares.values()].reduce((x, y) => x + y, 0)).toBe(10);
    expect(shares.get('a')).toBeGreaterThan(shares.get('c')!);
    expect(Math.min(...shares.values())).toBeGreaterThanOrEqual(1);
    expect([...apportion(2, [['a', 1], ['b', 1], ['c', 1]] as const, 1).values()].reduce((x, y) => x + y, 0)).toBe(2);
  });

  it('makes valid, unique ID numbers whose region, birth date and sex are the ones asked for', () => {
    const random = new Random('ids');
    const taken = new Set<string>();
    const county = countyByCode('520102');
    // 500 sequence numbers per sex, county and day: 400 of each are drawn.
    for (let i = 0; i < 800; i++) {
      const sex = i % 2 ? 'male' : 'female';
      const value = idNumber(random, county, '1990-02-28', sex, taken);
      const check = checkIdNumber(value, TODAY);
      expect(check.ok).toBe(true);
      const info = describeIdNumber(value);
      expect(info.birthDate).toBe('1990-02-28');
      expect(info.sex).toBe(sex);
      expect(info.regionCode).toBe('520102');
    }
    expect(taken.size).toBe(800);
  });

  it('gives people born before a county was re-coded the code of their time', () => {
    expect(regionCodeAtBirth(countyByCode('520304'), 1990)).toBe('522121'); // 遵义县
    expect(regionCodeAtBirth(countyByCode('520304'), 2005)).toBe('520321');
    expect(regionCodeAtBirth(countyByCode('520304'), 2018)).toBe('520304'); // 播州区
    const random = new Random('former');
    for (const county of COUNTIES) {
      for (const year of [1962, 1985, 1999, 2013, 2006]) {
        expect(checkIdNumber(idNumber(random, county, `${year}-06-15`, 'female', new Set()), TODAY).ok).toBe(true);
      }
    }
  });

  it('names people with a surname and a one- or two-character given name', () => {
    const random = new Random('names');
    const names = Array.from({ length: 3000 }, (_, i) => chineseName(random, i % 2 ? 'male' : 'female', 1960 + (i % 47), i % 3 ? '520100' : '522600'));
    for (const name of names) expect(name).toMatch(/^[\u3400-\u9fff]{2,4}$/);
    // Frequent surnames are frequent, compound ones rare.
    const wang = names.filter((n) => n.startsWith('王')).length;
    expect(wang).toBeGreaterThan(100);
    expect(names.filter((n) => /^(欧阳|上官|司马|诸葛)/.test(n)).length).toBeLessThan(30);
  });

  it('makes bank cards with a valid Luhn digit', () => {
    const random = new Random('cards');
    for (let i = 0; i < 500; i++) expect(passesLuhn(bankCard(random))).toBe(true);
  });

  it('shortens the names of autonomous counties and prefectures', () => {
    expect(shortCountyName('威宁彝族回族苗族自治县')).toBe('威宁县');
    expect(shortCountyName('南明区')).toBe('南明区');
    expect(shortPrefectureName('黔东南苗族侗族自治州')).toBe('黔东南州');
    expect(shortPrefectureName('黔南布依族苗族自治州')).toBe('黔南州');
  });

  it('plans institutions in every county that pass the registration form without warnings', () => {
    const plans = planInstitutions(new Random('inst'), 120, TODAY, 'seed', [{ id: 'inst-520102-1', countyCode: '520102', name: '南明区阳光职业技能培训学校' }]);
    expect(plans).toHaveLength(120);
    expect(new Set(plans.map((p) => p.county.code)).size).toBe(COUNTIES.length);
    expect(plans.find((p) => p.id === 'inst-520102-1')?.outcome).toBe('active');
    const schema = institutionInputSchema(TODAY);
    for (const plan of plans) {
      const input = parseInput(schema, plan.input);
      expect(institutionWarnings(input)).toEqual([]);
      expect(creditCodeWarnings(input.creditCode)).toEqual([]);
      expect(input.name.startsWith(shortCountyName(plan.county.name))).toBe(true);
    }
    // Names are unique within a county.
    expect(new Set(plans.map((p) => p.name)).size).toBe(plans.length);
  });

  it('plans trainees and teachers that pass the entry forms, spread over the effective institutions', () => {
    const institutions = planInstitutions(new Random('inst'), 60, TODAY, 'seed');
    const active = institutions.filter((p) => p.outcome === 'active');
    const taken = new Set<string>();
    const trainees = [...planTrainees(new Random('trainees'), 3000, active, taken)];
    const teachers = [...planTeachers(new Random('teachers'), 300, active, taken, TODAY)];
    const traineeSchema = traineeInputSchema(TODAY);
    const teacherSchema = teacherInputSchema(TODAY);
    for (const t of trainees) parseInput(traineeSchema, t.input);
    for (const t of teachers) parseInput(teacherSchema, t.input);
    expect(taken.size).toBe(3300);
    expect(trainees.every((t) => active.includes(t.institution) && (!t.second || (active.includes(t.second.institution) && t.second.institution !== t.institution)))).toBe(true);
    const duplicates = trainees.filter((t) => t.second).length;
    expect(duplicates).toBeGreaterThan(30);
    expect(duplicates).toBeLessThan(300);
    // Every workflow state occurs.
    expect(new Set(trainees.map((t) => t.outcome))).toEqual(new Set(['approved', 'pending', 'returned', 'draft', 'rejected']));
    // Guiyang, Zunyi and Bijie are the most populous: most people come from there.
    const fromBig = trainees.filter((t) => ['5201', '5203', '5221', '5205', '5224'].some((prefix) => t.input.idNumber.startsWith(prefix))).length;
    expect(fromBig / trainees.length).toBeGreaterThan(0.4);
  });

  it('plans the same province from the same seed', () => {
    const once = planInstitutions(new Random('same'), 50, TODAY, 'seed').map((p) => p.input);
    const again = planInstitutions(new Random('same'), 50, TODAY, 'seed').map((p) => p.input);
    expect(again).toEqual(once);
  });
});
