// Code lists the technical-school modules share: fields of the national technical-school major
// catalogue (全国技工院校专业目录), the class types a major trains for, teachers' titles.
// Fixed lists rather than dictionaries: they mirror the national system's codes, which the exchange
// with it (§7) maps field by field.

/** 专业大类 of the 2021 national catalogue, the "field" majors and teachers are counted by. */
export const SCHOOL_FIELDS = [
  'machinery', 'electrical', 'information', 'transport', 'service', 'commerce', 'agriculture', 'energy',
  'chemical', 'metallurgy', 'construction', 'medicine', 'light_industry', 'culture_art', 'other',
] as const;
export type SchoolField = (typeof SCHOOL_FIELDS)[number];
export const SCHOOL_FIELD_LABELS: Record<SchoolField, string> = {
  machinery: '机械类',
  electrical: '电工电子类',
  information: '信息类',
  transport: '交通类',
  service: '服务类',
  commerce: '财经商贸类',
  agriculture: '农业类',
  energy: '能源类',
  chemical: '化工类',
  metallurgy: '冶金类',
  construction: '建筑类',
  medicine: '医药类',
  light_industry: '轻工类',
  culture_art: '文化艺术类',
  other: '其他',
};

/** 中级工班 / 高级工班 / 预备技师班: the class types of requirement 9(11). */
export const CLASS_TYPES = ['intermediate', 'advanced', 'technician'] as const;
export type ClassType = (typeof CLASS_TYPES)[number];
export const CLASS_TYPE_LABELS: Record<ClassType, string> = { intermediate: '中级工班', advanced: '高级工班', technician: '预备技师班' };

/** Titles of technical-school teachers (技工院校教师职称). */
export const TEACHER_TITLES = [
  'senior_lecturer_full', 'senior_lecturer', 'lecturer', 'assistant_lecturer',
  'instructor_senior', 'instructor_1', 'instructor_2', 'instructor_3', 'none',
] as const;
export type TeacherTitle = (typeof TEACHER_TITLES)[number];
export const TEACHER_TITLE_LABELS: Record<TeacherTitle, string> = {
  senior_lecturer_full: '正高级讲师',
  senior_lecturer: '高级讲师',
  lecturer: '讲师',
  assistant_lecturer: '助理讲师',
  instructor_senior: '高级实习指导教师',
  instructor_1: '一级实习指导教师',
  instructor_2: '二级实习指导教师',
  instructor_3: '三级实习指导教师',
  none: '未评职称',
};

export const EDUCATION_LEVELS = ['primary', 'junior_high', 'senior_high', 'secondary_vocational', 'junior_college', 'bachelor', 'postgraduate'] as const;
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export const EDUCATION_LABELS: Record<EducationLevel, string> = {
  primary: '小学',
  junior_high: '初中',
  senior_high: '高中',
  secondary_vocational: '中专/技校',
  junior_college: '大专',
  bachelor: '本科',
  postgraduate: '研究生',
};
