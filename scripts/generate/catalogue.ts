// Word lists the generator draws from: occupations (codes of the national occupation classification,
// 国家职业分类大典 2015/2022), institution brands, streets, person categories and the reviewers'
// usual wording.
import { Weighted } from './random';

export interface Occupation {
  code: string;
  name: string;
}

export const OCCUPATIONS: readonly Occupation[] = [
  { code: '4-03-02-01', name: '中式烹调师' },
  { code: '4-03-02-02', name: '中式面点师' },
  { code: '4-03-02-07', name: '茶艺师' },
  { code: '6-31-01-03', name: '电工' },
  { code: '6-18-02-04', name: '焊工' },
  { code: '4-10-01-02', name: '育婴员' },
  { code: '4-10-01-03', name: '保育师' },
  { code: '4-10-01-05', name: '养老护理员' },
  { code: '4-10-01-06', name: '家政服务员' },
  { code: '4-10-03-01', name: '美容师' },
  { code: '4-10-03-02', name: '美发师' },
  { code: '4-01-02-02', name: '电子商务师' },
  { code: '4-01-02-07', name: '互联网营销师' },
  { code: '4-12-01-01', name: '汽车维修工' },
  { code: '5-01-01-01', name: '农艺工' },
  { code: '5-01-02-01', name: '果树园艺工' },
  { code: '5-03-01-01', name: '家畜饲养员' },
  { code: '6-29-01-01', name: '砌筑工' },
  { code: '6-29-01-03', name: '钢筋工' },
  { code: '6-29-01-05', name: '架子工' },
  { code: '4-02-07-02', name: '快递员' },
  { code: '4-07-05-01', name: '保安员' },
  { code: '6-05-05-02', name: '刺绣工' },
  { code: '6-05-05-05', name: '民族服饰制作工' },
  { code: '4-04-05-03', name: '计算机程序设计员' },
  { code: '4-14-01-01', name: '健康管理师' },
  { code: '4-03-01-01', name: '餐厅服务员' },
  { code: '2-02-10-07', name: '创业指导师' },
];

/** Brand words of institution names; each county uses each at most once. */
export const BRANDS = (
  '阳光 金桥 黔匠 山花 新蕾 鑫达 博文 华夏 众创 启航 远航 兴农 黔艺 苗岭 夜郎 乌江 红枫 梵净 百灵 黔灵 筑梦 匠心 巧手 金凤 德馨 ' +
  '惠民 益民 鸿鹄 博雅 卓越 腾飞 和谐 育才 成才 英才 智远 明德 弘毅 致远 创新 兴业 安康 康乐 恒达 宏图 同心 彩虹 向阳 春晖 ' +
  '北斗 大地 青山 绿洲 银杏 杜鹃 木棉 凤凰 锦绣 丰收 月亮山 雷公山 清水江 都柳江 南盘江 赤水河 娄山 威宁 黔韵 黔味 黔绣'
).split(' ');

export const INSTITUTION_SUFFIXES = new Weighted([
  ['职业技能培训学校', 5],
  ['培训中心', 3],
  ['职业培训学校', 2],
] as const);

export const STREETS = '人民路 中山路 解放路 建设路 新华路 文化路 民主路 北京路 环城路 滨江路 迎宾大道 工业园区 花果园大街 延安路 富水路 宝山路 团结路 幸福路 健康路 教育路 育才路 兴业路 振兴路 城北大道 开发区大道'.split(' ');

/** The person categories of the built-in dictionary, with their share of trainees. */
export const PERSON_CATEGORIES = new Weighted([
  ['rural_migrant', 40],
  ['poor_family_child', 14],
  ['urban_unemployed', 14],
  ['graduate', 10],
  ['school_leaver', 8],
  ['other', 14],
] as const);

export const APPROVE_OPINIONS = ['材料齐全，同意', '经审核，信息真实有效，同意', '同意', '符合要求，予以通过', '核实无误，同意'];
export const RETURN_REASONS = [
  '身份证复印件不清晰，请重新上传',
  '人员类别证明材料不全，请补充',
  '联系电话无法接通，请核实后重新提交',
  '银行账户与本人姓名不符，请核实',
  '培训场地证明材料不全，请补充',
  '办学许可证有效期信息与证书不一致，请核对',
];
export const REJECT_REASONS = ['经核查，该人员不符合补贴性培训对象条件', '提供的材料与实际情况不符', '重复申报'];

export const TEACHER_QUALIFICATIONS = ['高级技师', '技师', '高级工', '讲师', '高级讲师', '一级实习指导教师', '创业培训讲师（SYB）', '网络创业培训讲师'];
export const TRAINING_ORGANISERS = ['贵州省人力资源和社会保障厅', '贵州省职业技能鉴定指导中心', '贵州省就业训练中心', '贵州轻工职业技术学院', '贵州交通职业技术学院', '贵州电子信息职业技术学院'];
export const TRAINING_CONTENTS = ['职业技能师资培训', '创业培训讲师培训', '职业技能等级认定考评员培训', '一体化课程教学改革培训', '新职业师资研修'];
