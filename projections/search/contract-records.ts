// Realistic records for the search contract: trainees of Guizhou training institutions. The jieba
// words of the names matter to the expectations: 张伟 -> 张 / 伟, 王建国 -> 王建国, 欧阳娜娜 -> 欧阳 / 娜娜,
// 贵阳市白云区职业技能培训学校 -> 贵阳市 / 白云区 / 职业技能 / 培训 / 学校.
import type { SearchDocument, SearchIndexDefinition } from './search-port';

export const traineeIndex = (name: string): SearchIndexDefinition => ({
  name,
  primaryKey: 'id',
  searchableAttributes: ['name', 'institution', 'occupation', 'county', 'idNumber', 'phone'],
  chineseAttributes: ['name', 'institution', 'occupation', 'county'],
  exactAttributes: ['idNumber', 'phone'],
  filterableAttributes: ['county', 'occupation', 'category', 'status', 'year', 'tags'],
  sortableAttributes: ['name', 'year', 'score'],
});

const trainee = (
  id: string,
  name: string,
  institution: string,
  occupation: string,
  county: string,
  idNumber: string,
  extra: Partial<SearchDocument> = {},
): SearchDocument => ({
  id,
  name,
  institution,
  occupation,
  county,
  idNumber,
  phone: null,
  category: '农村转移劳动力',
  status: 'active',
  year: 2024,
  tags: [],
  ...extra,
});

const BAIYUN_SCHOOL = '贵阳市白云区职业技能培训学校';
const NANMING_CENTRE = '贵阳市南明区家政服务培训中心';

export const TRAINEES: SearchDocument[] = [
  // tr-00 sorts first by primary key but matches 白云区 only in its county (a later attribute).
  trainee('tr-00', '陈静', '贵州省电子信息技师学院', '电工', '白云区', '520113199402020066', { year: 2023, score: 70 }),
  trainee('tr-01', '张伟', BAIYUN_SCHOOL, '电工', '白云区', '520113199001011234', {
    phone: '13985012345',
    status: 'Active',
    score: 88,
    tags: ['subsidised', 'certified'],
  }),
  trainee('tr-02', '王芳', NANMING_CENTRE, '育婴员', '南明区', '520102199203154321', { year: 2023, score: 92, tags: ['subsidised'], category: '就业困难人员' }),
  trainee('tr-03', '欧阳娜娜', '遵义市汇川区职业技能培训学校', '中式烹调师', '汇川区', '520303199512120028', { score: 75, category: '高校毕业生' }),
  trainee('tr-04', '张伟华', BAIYUN_SCHOOL, '中式烹调师', '白云区', '52011319880808123X', { year: 2022, score: 60, tags: ['certified'] }),
  trainee('tr-05', '王建国', '毕节市七星关区育婴员培训学校', '育婴员', '七星关区', '520502197703030011', { score: 81 }),
  trainee('tr-06', '李娜', '安顺市西秀区焊工培训班', '焊工', '西秀区', '520402199907070022', { year: 2023, status: 'suspended' }),
  trainee('tr-07', '王伟', '铜仁市碧江区茶艺培训学校', '茶艺师', '碧江区', '520602200001010033', { score: 79 }),
  trainee('tr-08', '王小明', NANMING_CENTRE, '家政服务员', '南明区', '520102199811110044', { year: 2023, score: 66 }),
  trainee('tr-09', '欧阳明', '黔东南州凯里市刺绣技艺培训中心', '刺绣工', '凯里市', '522601199606060055', { score: 90 }),
  // Its ID number differs from tr-01's by two swapped digits: a near miss, never a match.
  trainee('tr-11', '刘洋', '贵州省电子信息技师学院', '电子商务师', '云岩区', '520113199001011243', { year: 2022 }),
];

export const ids = (documents: SearchDocument[]) => documents.map((d) => d.id as string);

const SURNAMES = ['赵', '钱', '孙', '李', '周', '吴', '郑', '冯', '陈', '杨', '黄', '罗', '龙', '吴', '田'];
const GIVEN = ['敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '超', '霞', '平'];
const COUNTIES = ['花溪区', '乌当区', '清镇市', '修文县', '息烽县'];

/** `count` electricians with ids p0000, p0001, ... spread over five counties. */
export function electricians(count: number): SearchDocument[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `p${String(i).padStart(4, '0')}`,
    name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`,
    institution: '贵州省电子信息技师学院',
    occupation: '电工',
    county: COUNTIES[i % COUNTIES.length]!,
    idNumber: `5201${String(100000000000 + i).slice(-12)}${i % 10}0`,
    phone: null,
    category: '农村转移劳动力',
    status: 'active',
    year: 2020 + (i % 5),
    tags: [],
  }));
}
