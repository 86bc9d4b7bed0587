// Synthetic people who look like Guizhou's: names from weighted surname lists (with the surnames
// of the Miao, Dong, Buyi, Tujia and Yi where those live) and given names of the sex and the
// generation, ID numbers with a valid GB 11643 check character and the region code of the county
// at the time of birth, mobile numbers of the three carriers, and Luhn-valid bank cards.
// None of these numbers belongs to anyone: the sequence part is drawn at random.
import { luhnCheckDigit } from '../../domain/personal-data/bank-card';
import { idNumberCheckCharacter } from '../../domain/personal-data/id-number';
import { outsideRegionCode, regionCodeAtBirth, type County } from './places';
import { Weighted, type Random } from './random';

export type Sex = 'male' | 'female';

/** National frequency of the common surnames, per mille (rounded). */
const SURNAME_WEIGHTS: Readonly<Record<string, number>> = {
  王: 71, 李: 70, 张: 68, 刘: 54, 陈: 45, 杨: 38, 黄: 23, 赵: 23, 吴: 22, 周: 19, 徐: 15, 孙: 14, 马: 13, 朱: 12, 胡: 12,
  郭: 11, 何: 11, 罗: 11, 高: 10, 林: 9, 郑: 8, 梁: 7, 谢: 7, 宋: 6, 唐: 6, 许: 6, 韩: 6, 冯: 5, 邓: 5, 曹: 5, 彭: 5,
  曾: 5, 肖: 5, 田: 5, 董: 5, 袁: 4, 潘: 4, 蒋: 4, 蔡: 4, 余: 4, 杜: 4, 叶: 4, 程: 4, 魏: 4, 苏: 4, 吕: 3, 丁: 3, 任: 3,
  卢: 3, 姚: 3, 沈: 3, 钟: 3, 姜: 3, 崔: 3, 谭: 3, 陆: 3, 范: 3, 汪: 3, 廖: 3, 石: 3, 金: 3, 韦: 3, 贾: 3, 夏: 2, 付: 2,
  方: 2, 邹: 2, 熊: 2, 白: 2, 孟: 2, 秦: 2, 邱: 2, 侯: 2, 江: 2, 尹: 2, 薛: 2, 段: 2, 雷: 2, 龙: 2, 黎: 2, 史: 2, 陶: 2,
  贺: 2, 毛: 2, 顾: 2, 龚: 2, 邵: 2, 万: 1, 覃: 1, 武: 1, 钱: 1, 戴: 1, 严: 1, 莫: 1, 孔: 1, 向: 1, 汤: 1, 康: 1, 易: 1,
  文: 1, 蒙: 0.5, 岑: 0.5, 冉: 0.3, 安: 0.5, 禄: 0.2, 欧: 0.5, 穆: 0.5,
};
/** Compound surnames: rare. */
const COMPOUND_SURNAMES: Readonly<Record<string, number>> = { 欧阳: 0.2, 上官: 0.04, 司马: 0.04, 诸葛: 0.02 };

/** Surnames far more frequent in some prefectures than in the country (multipliers). */
const REGIONAL: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  // 黔东南 (Miao, Dong), 黔南 and 黔西南 (Buyi, Miao, Shui)
  '522600': { 杨: 2, 吴: 4, 龙: 6, 潘: 6, 石: 4, 欧: 6, 姚: 2, 陆: 3, 王: 1.2 },
  '522700': { 韦: 6, 蒙: 10, 莫: 6, 潘: 3, 陆: 3, 杨: 1.5, 吴: 1.5, 岑: 4 },
  '522300': { 韦: 6, 岑: 8, 王: 1.3, 黄: 2, 罗: 2, 陆: 2 },
  // 铜仁 (Tujia, Miao), 毕节 (Yi, Hui, Miao)
  '520600': { 田: 5, 杨: 2, 冉: 20, 龙: 4, 吴: 2, 石: 3, 张: 1.2 },
  '520500': { 安: 8, 禄: 8, 马: 2.5, 陈: 1.3, 穆: 4, 罗: 1.5 },
};

function surnameTable(prefectureCode: string | undefined) {
  const boost = (prefectureCode && REGIONAL[prefectureCode]) || {};
  return new Weighted([
    ...Object.entries(SURNAME_WEIGHTS).map(([s, w]) => [s, w * (boost[s] ?? 1)] as const),
    ...Object.entries(COMPOUND_SURNAMES).map(([s, w]) => [s, w] as const),
  ]);
}
const SURNAMES_BY_PREFECTURE = new Map<string, Weighted<string>>();
const surnames = (prefectureCode: string | undefined) => {
  const key = prefectureCode ?? '';
  let table = SURNAMES_BY_PREFECTURE.get(key);
  if (!table) SURNAMES_BY_PREFECTURE.set(key, (table = surnameTable(prefectureCode)));
  return table;
};

const words = (text: string) => text.split(/\s+/).filter(Boolean);
/** Given names by sex and generation (born before 1975, 1975-1994, 1995 and later). */
const GIVEN: Record<Sex, [readonly string[], readonly string[], readonly string[]]> = {
  male: [
    words('建国 国强 志强 建华 德明 永福 世荣 光明 正华 国庆 卫东 红军 立新 振华 文华 家兴 学军 庆华 德贵 明华 光荣 树林 福贵 金贵 兴华 德林 开华 洪 勇 强 刚 军 平 明 华 林 斌 忠 贵 富 荣 昌 兵 伦 发'),
    words('伟 磊 勇 杰 涛 超 鹏 辉 亮 斌 波 军 强 鑫 飞 峰 龙 俊 健 凯 洋 帅 明 浩 宇 宁 坤 刚 晓东 志伟 建军 海涛 俊杰 文杰 晓峰 小龙 国栋 志刚 永强 建波 德华 光辉 海波 明亮 成林 云飞 大伟 小军 正伟 江 川 彬'),
    words('浩然 宇轩 子轩 梓豪 俊熙 浩宇 子豪 皓轩 思远 嘉豪 宇航 博文 俊杰 明轩 天佑 一鸣 晨阳 睿 昊 轩 博 豪 泽 宇 杰 鑫 凯 阳 航 磊 浩 涛 毅 锐 晨 鹏 志豪 家乐 俊宇 文博 子健 铭 世豪 雨泽 锦程'),
  ],
  female: [
    words('秀英 桂英 玉兰 秀兰 桂兰 淑珍 凤英 秀珍 玉珍 红梅 丽华 桂芳 秀芳 美玲 玉梅 建英 春兰 翠兰 菊芬 德芬 兰 英 芳 珍 梅 华 莲 霞 凤 琴 菊 萍 红 云 秀 群'),
    words('丽 芳 娜 敏 静 艳 娟 霞 燕 玲 婷 丹 琳 雪 倩 洁 梅 莉 蓉 红 晓燕 小红 小梅 丽娟 海燕 春燕 晓丽 雪梅 丽萍 金凤 美玲 小燕 艳红 晓琴 亚楠 佳 颖 慧 露 琼 佳佳 雪莲 春梅'),
    words('子涵 欣怡 梓涵 诗涵 梓萱 紫涵 一诺 雨欣 欣妍 可馨 佳怡 思琪 雨涵 诗琪 梦瑶 佳琪 语嫣 雅琪 若曦 梓琪 心怡 思雨 晨曦 婷 雪 琳 颖 璐 瑶 悦 洁 倩 欣 怡 佳 萱 琪 妍 涵 馨月 雨桐'),
  ],
};
/** The first character of two-character names built from parts (a generation name, 字辈), by generation. */
const GENERATION_CHARACTERS: Record<Sex, [readonly string[], readonly string[], readonly string[]]> = {
  male: [words('建 国 德 志 永 正 光 学 世 兴 明 文'), words('志 晓 小 海 文 明 建 俊 家 云 国'), words('子 宇 浩 思 嘉 俊 天 一 梓 家 文')],
  female: [words('秀 玉 桂 春 金 凤 翠 美'), words('丽 晓 小 海 美 雪 亚 春 玉'), words('思 雨 梦 佳 欣 诗 梓 子 雅 可')],
};
const SECOND_CHARACTERS: Record<Sex, readonly string[]> = {
  male: words('伟 强 军 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 峰 龙 林 洋 兵 阳 亮 成 东 海 江 川 山 坤 轩 博 豪 泽 宏 毅 锋 晨 旭 诚'),
  female: words('芳 娜 敏 静 丽 艳 娟 霞 英 兰 萍 红 梅 琳 丹 雪 婷 倩 颖 慧 晶 佳 欣 怡 琴 云 莉 燕 蓉 洁 露 璐 瑶 月 翠 凤 菊 妍 悦 涵 萱 雯'),
};

const generation = (birthYear: number) => (birthYear < 1975 ? 0 : birthYear < 1995 ? 1 : 2);

/** A plausible full name for someone of this sex, born in this year, from this prefecture. */
export function chineseName(random: Random, sex: Sex, birthYear: number, prefectureCode?: string): string {
  const surname = surnames(prefectureCode).draw(random);
  if (random.chance(0.3)) {
    let given = random.pick(GENERATION_CHARACTERS[sex][generation(birthYear)]) + random.pick(SECOND_CHARACTERS[sex]);
    if (given[0] === given[1]) given = given[0]!;
    return surname + given;
  }
  return surname + random.pick(GIVEN[sex][generation(birthYear)]);
}

/** Birth years of people in training: few before 1970, most between 1980 and 2002. */
const BIRTH_YEARS = new Weighted(
  Array.from({ length: 2006 - 1960 + 1 }, (_, i) => {
    const year = 1960 + i;
    const weight = year < 1970 ? 0.35 : year < 1980 ? 0.8 : year < 1990 ? 1.25 : year < 2000 ? 1.4 : 1.0;
    return [year, weight] as const;
  }),
);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** A birth date (YYYY-MM-DD) in [fromYear, toYear], or by the trainees' age profile when no range is given. */
export function birthDate(random: Random, fromYear?: number, toYear?: number): string {
  const year = fromYear !== undefined && toYear !== undefined ? random.int(fromYear, toYear) : BIRTH_YEARS.draw(random);
  const month = random.int(1, 12);
  const days = month === 2 && leap(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
  const day = random.int(1, days);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A GB 11643 ID number: region code (the county's code at the time of birth, or a neighbouring
 * province's for the few born outside Guizhou), birth date, a random sequence whose last digit is
 * odd for men and even for women, and the check character. `taken` keeps numbers unique.
 */
export function idNumber(random: Random, county: County, birth: string, sex: Sex, taken: Set<string>, bornOutside = false): string {
  const year = Number(birth.slice(0, 4));
  const region = bornOutside ? outsideRegionCode(random) : regionCodeAtBirth(county, year);
  const date = birth.replace(/-/g, '');
  for (let attempt = 0; attempt < 1000; attempt++) {
    const sexDigit = random.int(0, 4) * 2 + (sex === 'male' ? 1 : 0);
    const first17 = `${region}${date}${random.digits(2)}${sexDigit}`;
    const value = first17 + idNumberCheckCharacter(first17);
    if (!taken.has(value)) {
      taken.add(value);
      return value;
    }
  }
  throw new Error(`no free ID number left for ${region} ${date}`);
}

/** Number blocks of China Mobile (most of Guizhou), China Unicom and China Telecom. */
const MOBILE_PREFIXES = new Weighted([
  ...words('134 135 136 137 138 139 147 150 151 152 157 158 159 178 182 183 184 187 188 198').map((p) => [p, 3] as const),
  ...words('130 131 132 155 156 166 175 176 185 186').map((p) => [p, 1.5] as const),
  ...words('133 153 173 177 180 181 189 191 199').map((p) => [p, 1.5] as const),
]);

export const mobilePhone = (random: Random) => MOBILE_PREFIXES.draw(random) + random.digits(8);

/** A fixed line in Guizhou: one area code (0851) for the whole province since 2015, 8-digit numbers. */
export const landline = (random: Random) => `0851-${random.int(2, 8)}${random.digits(7)}`;

/** Issuer prefixes (BIN) of debit cards common in Guizhou, with the card length. */
const BANK_BINS = new Weighted([
  [['622848', 19], 5], // 中国农业银行
  [['621700', 19], 4], // 中国建设银行
  [['622202', 19], 4], // 中国工商银行
  [['621799', 19], 3], // 中国邮政储蓄银行
  [['621661', 19], 2], // 中国银行
  [['622262', 19], 1], // 交通银行
  [['621779', 19], 3], // 农村信用社 / 农商银行
  [['623668', 19], 1],
] as const);

/** A debit card number with a valid Luhn check digit. */
export function bankCard(random: Random): string {
  const [bin, length] = BANK_BINS.draw(random);
  const payload = bin + random.digits(length - bin.length - 1);
  return payload + luhnCheckDigit(payload);
}

/** Age in whole years on `today` (both YYYY-MM-DD). */
export const ageOn = (birth: string, today: string) => Number(today.slice(0, 4)) - Number(birth.slice(0, 4)) - (today.slice(5) < birth.slice(5) ? 1 : 0);
