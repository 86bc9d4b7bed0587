// The technical-school modules' code lists with their Chinese names, for the console's selects and
// filters: labels live on the server (as the dictionaries' do), never in a console table.
import { DESTINATIONS, DESTINATION_LABELS, SKILL_LEVELS, SKILL_LEVEL_LABELS } from '../../domain/employment/employment-input';
import { AID_KINDS, AID_KIND_LABELS, GRANT_TIERS, GRANT_TIER_LABELS } from '../../domain/aid-standard/aid-standard-input';
import { GRANT_BASES, GRANT_BASIS_LABELS } from '../../domain/school-aid/school-aid-rules';
import { WINDOW_KINDS, WINDOW_KIND_LABELS } from '../../domain/school-window/school-window';
import { TEACHER_EMPLOYMENT, TEACHER_EMPLOYMENT_LABELS } from '../../domain/school-teacher/school-teacher-input';
import { STUDENT_STATUS_LABELS } from '../../domain/student/student';
import { CHANGE_KINDS, CHANGE_KIND_LABELS } from '../../domain/student/student-change';
import { HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS, STUDY_MODES, STUDY_MODE_LABELS } from '../../domain/student/student-input';
import { SCHOOL_LEVELS, SCHOOL_LEVEL_LABELS, SCHOOL_NATURES, SCHOOL_NATURE_LABELS } from '../../domain/technical-school/school-info';
import { CLASS_TYPES, CLASS_TYPE_LABELS, EDUCATION_LABELS, EDUCATION_LEVELS, SCHOOL_FIELDS, SCHOOL_FIELD_LABELS, TEACHER_TITLES, TEACHER_TITLE_LABELS } from '../../domain/technical-school/school-vocabulary';
import type { GraphQLContext } from '../graphql/context';

export const vocabularyTypeDefs = /* GraphQL */ `
  type VocabularyEntry {
    value: String!
    label: String!
  }
  "技工院校各模块的代码表（办学层次、专业大类、班级类型、职称、异动类型等）"
  type SchoolVocabulary {
    schoolLevels: [VocabularyEntry!]!
    schoolNatures: [VocabularyEntry!]!
    fields: [VocabularyEntry!]!
    classTypes: [VocabularyEntry!]!
    teacherTitles: [VocabularyEntry!]!
    educationLevels: [VocabularyEntry!]!
    teacherEmployment: [VocabularyEntry!]!
    householdTypes: [VocabularyEntry!]!
    studyModes: [VocabularyEntry!]!
    changeKinds: [VocabularyEntry!]!
    windowKinds: [VocabularyEntry!]!
    studentStatuses: [VocabularyEntry!]!
    aidKinds: [VocabularyEntry!]!
    grantTiers: [VocabularyEntry!]!
    grantBases: [VocabularyEntry!]!
    "毕业去向"
    destinations: [VocabularyEntry!]!
    "职业技能等级"
    skillLevels: [VocabularyEntry!]!
  }
  extend type Query {
    schoolVocabulary: SchoolVocabulary!
  }
`;

const entries = <K extends string>(codes: readonly K[], labels: Record<K, string>) => codes.map((value) => ({ value, label: labels[value] }));

export const vocabularyResolvers = {
  Query: {
    schoolVocabulary(_: unknown, _args: unknown, ctx: GraphQLContext) {
      ctx.requireAny('technical-school:read', 'student:read', 'student:exchange');
      return {
        schoolLevels: entries(SCHOOL_LEVELS, SCHOOL_LEVEL_LABELS),
        schoolNatures: entries(SCHOOL_NATURES, SCHOOL_NATURE_LABELS),
        fields: entries(SCHOOL_FIELDS, SCHOOL_FIELD_LABELS),
        classTypes: entries(CLASS_TYPES, CLASS_TYPE_LABELS),
        teacherTitles: entries(TEACHER_TITLES, TEACHER_TITLE_LABELS),
        educationLevels: entries(EDUCATION_LEVELS, EDUCATION_LABELS),
        teacherEmployment: entries(TEACHER_EMPLOYMENT, TEACHER_EMPLOYMENT_LABELS),
        householdTypes: entries(HOUSEHOLD_TYPES, HOUSEHOLD_TYPE_LABELS),
        studyModes: entries(STUDY_MODES, STUDY_MODE_LABELS),
        changeKinds: entries(CHANGE_KINDS, CHANGE_KIND_LABELS),
        windowKinds: entries(WINDOW_KINDS, WINDOW_KIND_LABELS),
        studentStatuses: (['registering', 'enrolled', 'suspended', 'left', 'unregistered'] as const).map((value) => ({ value, label: STUDENT_STATUS_LABELS[value] })),
        aidKinds: entries(AID_KINDS, AID_KIND_LABELS),
        grantTiers: entries(GRANT_TIERS, GRANT_TIER_LABELS),
        grantBases: entries(GRANT_BASES, GRANT_BASIS_LABELS),
        destinations: entries(DESTINATIONS, DESTINATION_LABELS),
        skillLevels: entries(SKILL_LEVELS, SKILL_LEVEL_LABELS),
      };
    },
  },
};
