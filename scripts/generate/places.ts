// Guizhou's 88 counties with their resident population (7th census, 2020, in ten thousands,
// rounded; good enough to weight where people and institutions are), and the region codes that
// people born there before a county was renamed or re-coded still carry in their ID numbers.
import { PREFECTURES, type Division } from '../../domain/organization/guizhou-divisions';
import { Weighted, type Random } from './random';

const POPULATION: Readonly<Record<string, number>> = {
  // 贵阳市
  '520102': 104, '520103': 111, '520111': 87, '520112': 48, '520113': 38, '520115': 59,
  '520121': 37, '520122': 24, '520123': 31, '520181': 55,
  // 六盘水市
  '520201': 68, '520203': 49, '520204': 73, '520281': 106,
  // 遵义市
  '520302': 84, '520303': 75, '520304': 72, '520322': 52, '520323': 39, '520324': 39, '520325': 24,
  '520326': 32, '520327': 32, '520328': 38, '520329': 24, '520330': 52, '520381': 25, '520382': 68,
  // 安顺市
  '520402': 84, '520403': 31, '520422': 38, '520423': 28, '520424': 29, '520425': 30,
  // 毕节市
  '520502': 136, '520521': 77, '520523': 55, '520524': 82, '520525': 68, '520526': 126, '520527': 66, '520581': 70,
  // 铜仁市
  '520602': 47, '520603': 17, '520621': 17, '520622': 13, '520623': 31, '520624': 52, '520625': 29,
  '520626': 37, '520627': 46, '520628': 57,
  // 黔西南州
  '522301': 118, '522302': 43, '522323': 26, '522324': 25, '522325': 30, '522326': 25, '522327': 19, '522328': 39,
  // 黔东南州
  '522601': 68, '522622': 26, '522623': 13, '522624': 16, '522625': 20, '522626': 17, '522627': 28, '522628': 16,
  '522629': 18, '522630': 12, '522631': 39, '522632': 29, '522633': 29, '522634': 12, '522635': 17, '522636': 13,
  // 黔南州
  '522701': 52, '522702': 29, '522722': 15, '522723': 23, '522725': 39, '522726': 27, '522727': 22,
  '522728': 26, '522729': 21, '522730': 25, '522731': 37, '522732': 28,
};

/** Districts of prefecture seats: more training institutions per head than rural counties. */
const URBAN = new Set(['520102', '520103', '520111', '520112', '520113', '520115', '520201', '520302', '520303', '520402', '520502', '520602', '522301', '522601', '522701']);

/** Prefectures whose people are largely of the Miao, Dong, Buyi and other nationalities (surnames differ). */
const MINORITY_PREFECTURES = new Set(['522300', '522600', '522700']);

/**
 * Former region codes, newest first: [code, born before year]. Someone born before the year carries
 * the older code for life (an ID number is never re-issued with a new region). Sources: GB/T 2260
 * editions; the years are when the change took effect, rounded to the year.
 */
const FORMER_CODES: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  '520121': [['522522', 1996]], '520122': [['522523', 1996]], '520123': [['522524', 1996]], '520181': [['522525', 1996]],
  '520204': [['520221', 2020]], '520281': [['520222', 2017], ['520202', 1999]],
  '520302': [['522101', 1997]], '520304': [['520321', 2016], ['522121', 1997]], '520322': [['522122', 1997]],
  '520323': [['522123', 1997]], '520324': [['522124', 1997]], '520325': [['522125', 1997]], '520326': [['522126', 1997]],
  '520327': [['522127', 1997]], '520328': [['522128', 1997]], '520329': [['522129', 1997]], '520330': [['522132', 1997]],
  '520381': [['522102', 1997]], '520382': [['522103', 1997]],
  '520402': [['522501', 2000]], '520403': [['520421', 2015], ['522526', 2000]], '520422': [['522527', 2000]],
  '520423': [['522529', 2000]], '520424': [['522528', 2000]], '520425': [['522530', 2000]],
  '520502': [['522401', 2012]], '520521': [['522422', 2012]], '520523': [['522424', 2012]], '520524': [['522425', 2012]],
  '520525': [['522426', 2012]], '520526': [['522427', 2012]], '520527': [['522428', 2012]], '520581': [['520522', 2021], ['522423', 2012]],
  '520602': [['522201', 2012]], '520603': [['522230', 2012]], '520621': [['522222', 2012]], '520622': [['522223', 2012]],
  '520623': [['522224', 2012]], '520624': [['522225', 2012]], '520625': [['522226', 2012]], '520626': [['522227', 2012]],
  '520627': [['522228', 2012]], '520628': [['522229', 2012]],
  '522301': [['522321', 1987]], '522302': [['522322', 2018]], '522601': [['522621', 1983]], '522702': [['522724', 1996]],
};

/** Real county codes of the neighbouring provinces: people who came to Guizhou to work. */
const OUTSIDE_GUIZHOU = ['500101', '500103', '500241', '510104', '510502', '511502', '430102', '431202', '530302', '530602', '450102', '451202'];

export interface County extends Division {
  prefectureCode: string;
  prefectureName: string;
  population: number;
  urban: boolean;
  minority: boolean;
}

export const COUNTIES: readonly County[] = PREFECTURES.flatMap((prefecture) =>
  prefecture.counties.map((county) => ({
    ...county,
    prefectureCode: prefecture.code,
    prefectureName: prefecture.name,
    population: POPULATION[county.code] ?? 20,
    urban: URBAN.has(county.code),
    minority: MINORITY_PREFECTURES.has(prefecture.code),
  })),
);

export const countyByCode = (code: string): County => {
  const found = COUNTIES.find((c) => c.code === code);
  if (!found) throw new Error(`unknown county ${code}`);
  return found;
};

/** Where people live: in proportion to the population. */
export const RESIDENTS = new Weighted(COUNTIES.map((c) => [c, c.population] as const));

/** Where training institutions are: population, with the cities' districts counting double. */
export const institutionWeight = (county: County) => county.population * (county.urban ? 2 : 1);

/** A short county name for institution names: 威宁彝族回族苗族自治县 -> 威宁县. */
export const shortCountyName = (name: string) => name.replace(/^(.{2})\S*?族自治县$/, '$1县');

/** A short prefecture name: 黔东南苗族侗族自治州 -> 黔东南州. */
export const shortPrefectureName = (name: string) => name.replace(/(?:布依族|苗族|侗族)+自治州$/, '州');

/** The region code in the ID number of someone born in `county` in `birthYear`. */
export function regionCodeAtBirth(county: County, birthYear: number): string {
  let code = county.code;
  for (const [former, before] of FORMER_CODES[county.code] ?? []) if (birthYear < before) code = former;
  return code;
}

/** A region code from a neighbouring province. */
export const outsideRegionCode = (random: Random) => random.pick(OUTSIDE_GUIZHOU);
