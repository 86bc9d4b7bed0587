// Region codes (GB/T 2260) as they appear in ID numbers and credit codes. An ID number keeps the
// code of the place where it was first issued, for life: someone registered in 遵义县 in 1985 still
// carries 522121 although the county is now 播州区 (520304). So Guizhou's table is the union of the
// current counties and every county code Guizhou has used since the 1980 edition (sources: GB/T 2260
// editions as compiled by the Ministry of Civil Affairs, 1980-2021).
import { PREFECTURES } from '../organization/guizhou-divisions';

/** Province-level codes (first two digits) of GB/T 2260. */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  '11': '北京市', '12': '天津市', '13': '河北省', '14': '山西省', '15': '内蒙古自治区',
  '21': '辽宁省', '22': '吉林省', '23': '黑龙江省',
  '31': '上海市', '32': '江苏省', '33': '浙江省', '34': '安徽省', '35': '福建省', '36': '江西省', '37': '山东省',
  '41': '河南省', '42': '湖北省', '43': '湖南省', '44': '广东省', '45': '广西壮族自治区', '46': '海南省',
  '50': '重庆市', '51': '四川省', '52': '贵州省', '53': '云南省', '54': '西藏自治区',
  '61': '陕西省', '62': '甘肃省', '63': '青海省', '64': '宁夏回族自治区', '65': '新疆维吾尔自治区',
};

export const GUIZHOU = '52';

/**
 * Residence permits of Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018) are 18-character
 * numbers with the same check character; their region code is one of these, with nothing after it.
 */
export const RESIDENCE_PERMIT_REGIONS: Readonly<Record<string, string>> = { '810000': '香港', '820000': '澳门', '830000': '台湾' };

/** County codes Guizhou no longer uses, with the name they had. */
const FORMER_GUIZHOU_COUNTIES: Readonly<Record<string, string>> = {
  // 贵阳市 and 六盘水市
  '520114': '小河区', '520202': '盘县特区', '520221': '水城县', '520222': '盘县',
  // 遵义地区 (to 1997) and 遵义市
  '522101': '遵义市', '522102': '赤水市', '522103': '仁怀市', '522121': '遵义县', '522122': '桐梓县', '522123': '绥阳县',
  '522124': '正安县', '522125': '道真县', '522126': '务川县', '522127': '凤冈县', '522128': '湄潭县', '522129': '余庆县',
  '522130': '仁怀县', '522131': '赤水县', '522132': '习水县', '520321': '遵义县',
  // 铜仁地区 (to 2011)
  '522201': '铜仁市', '522221': '铜仁县', '522222': '江口县', '522223': '玉屏侗族自治县', '522224': '石阡县', '522225': '思南县',
  '522226': '印江土家族苗族自治县', '522227': '德江县', '522228': '沿河土家族自治县', '522229': '松桃苗族自治县', '522230': '万山特区',
  // 兴义地区 / 黔西南州
  '522321': '兴义县', '522322': '兴仁县',
  // 毕节地区 (to 2011)
  '522401': '毕节市', '522421': '毕节县', '522422': '大方县', '522423': '黔西县', '522424': '金沙县', '522425': '织金县',
  '522426': '纳雍县', '522427': '威宁彝族回族苗族自治县', '522428': '赫章县', '520522': '黔西县',
  // 安顺地区 (to 2000; 开阳、息烽、修文、清镇 moved to 贵阳 in 1996)
  '522501': '安顺市', '522521': '安顺县', '522522': '开阳县', '522523': '息烽县', '522524': '修文县', '522525': '清镇县',
  '522526': '平坝县', '522527': '普定县', '522528': '关岭布依族苗族自治县', '522529': '镇宁布依族苗族自治县',
  '522530': '紫云苗族布依族自治县', '520421': '平坝县',
  // 黔东南州, 黔南州
  '522621': '凯里县', '522721': '都匀县', '522724': '福泉县',
};

/**
 * The "市辖区" entries of the prefecture-level cities: county-level codes of the standard that stand
 * for the city's districts as a whole (520201 is a real district, 钟山区, and is in the current list).
 */
const CITY_DISTRICTS_AS_A_WHOLE: readonly string[] = ['520101', '520301', '520401', '520501', '520601'];

const GUIZHOU_COUNTY_CODES: ReadonlySet<string> = new Set([
  ...PREFECTURES.flatMap((prefecture) => prefecture.counties.map((county) => county.code)),
  ...Object.keys(FORMER_GUIZHOU_COUNTIES),
  ...CITY_DISTRICTS_AS_A_WHOLE,
]);

export const isGuizhouCountyCode = (code: string): boolean => GUIZHOU_COUNTY_CODES.has(code);

/** Name of a Guizhou county code, current or former (undefined for other provinces). */
export function guizhouCountyName(code: string): string | undefined {
  for (const prefecture of PREFECTURES) {
    const county = prefecture.counties.find((c) => c.code === code);
    if (county) return county.name;
  }
  return FORMER_GUIZHOU_COUNTIES[code];
}

export type RegionProblem = 'province' | 'guizhou_county' | 'implausible';

/**
 * Checks the 6-digit region code of an ID number. Guizhou codes are checked against the table
 * above; other provinces' tables are not kept (this is Guizhou's system), so there only the
 * province and a non-zero prefecture part are required.
 */
export function checkIdRegion(code: string): RegionProblem | undefined {
  if (!/^\d{6}$/.test(code)) return 'implausible';
  if (code in RESIDENCE_PERMIT_REGIONS) return undefined;
  const province = code.slice(0, 2);
  if (!(province in PROVINCE_CODES)) return 'province';
  if (province === GUIZHOU) return isGuizhouCountyCode(code) ? undefined : 'guizhou_county';
  // xx00yy cannot name a place; xxyy00 can (东莞 441900, 中山 442000 have no counties).
  return code.slice(2, 4) === '00' ? 'implausible' : undefined;
}
