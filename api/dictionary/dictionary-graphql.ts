// One place for the code lists the console shows (code -> label): the fixed ones of the domain and
// the ones an administrator extends. The console caches them and renders labels with one component.
import { DICTIONARIES, parseEntry, type DictionaryName } from '../../domain/dictionary/dictionary';
import { LIFECYCLE_LABELS, ANNUAL_REVIEW_LABELS } from '../../domain/institution/institution';
import { INSTITUTION_CATEGORY_LABELS, INSTITUTION_NATURE_LABELS, DOCUMENT_KIND_LABELS } from '../../domain/institution/institution-details';
import { SKILL_LEVEL_LABELS } from '../../domain/occupation/occupation-details';
import { REVIEW_LEVEL_LABELS, REVIEW_STATUS_LABELS } from '../../domain/review/review';
import { DATA_SCOPE_LABELS, DUTY_LABELS } from '../../domain/identity/roles';
import { ENROLMENT_STATUS_LABELS } from '../../domain/trainee/trainee';
import { commandOutcome, type GraphQLContext } from '../graphql/context';
import { clientError } from '../graphql/errors';

const FIXED: Record<string, Record<string, string>> = {
  skill_level: SKILL_LEVEL_LABELS,
  review_status: REVIEW_STATUS_LABELS,
  review_level: REVIEW_LEVEL_LABELS,
  institution_nature: INSTITUTION_NATURE_LABELS,
  institution_category: INSTITUTION_CATEGORY_LABELS,
  institution_lifecycle: LIFECYCLE_LABELS,
  annual_review_outcome: ANNUAL_REVIEW_LABELS,
  document_kind: DOCUMENT_KIND_LABELS,
  enrolment_status: ENROLMENT_STATUS_LABELS,
  data_scope: DATA_SCOPE_LABELS,
  duty: DUTY_LABELS,
  sex: { male: '男', female: '女' },
};

const FIXED_LABELS: Record<string, string> = {
  skill_level: '技能等级',
  review_status: '审核状态',
  review_level: '审核级别',
  institution_nature: '机构性质',
  institution_category: '机构类型',
  institution_lifecycle: '机构状态',
  annual_review_outcome: '年审结论',
  document_kind: '材料类别',
  enrolment_status: '登记状态',
  data_scope: '数据范围',
  duty: '职责',
  sex: '性别',
};

export const dictionaryTypeDefs = /* GraphQL */ `
  type DictionaryOption {
    value: String!
    label: String!
    "已停用的选项仍用于显示旧记录，但不再可选"
    active: Boolean!
  }
  type Dictionary {
    name: String!
    "代码表的中文名称"
    label: String!
    "可由管理员扩充"
    editable: Boolean!
    options: [DictionaryOption!]!
  }
  extend type Query {
    "代码表：不传 names 时返回全部"
    dictionaries(names: [String!]): [Dictionary!]!
  }
  extend type Mutation {
    addDictionaryEntry(name: String!, code: String!, label: String!, commandId: ID): CommandResult!
    retireDictionaryEntry(name: String!, code: String!, commandId: ID): CommandResult!
  }
`;

export const dictionaryResolvers = {
  Query: {
    async dictionaries(_: unknown, args: { names?: string[] | null }, ctx: GraphQLContext) {
      const wanted = args.names ?? [...Object.keys(FIXED), ...Object.keys(DICTIONARIES)];
      const result = [];
      for (const name of wanted) {
        if (name in FIXED) result.push({ name, label: FIXED_LABELS[name] ?? name, editable: false, options: Object.entries(FIXED[name]!).map(([value, label]) => ({ value, label, active: true })) });
        else if (name in DICTIONARIES) {
          const entries = await ctx.platform.commands.dictionaries.entries(name as DictionaryName);
          result.push({ name, label: DICTIONARIES[name as DictionaryName], editable: true, options: entries.map((e) => ({ value: e.code, label: e.label, active: e.active })) });
        } else throw clientError('NOT_FOUND', `代码表 ${name} 不存在`);
      }
      return result;
    },
  },
  Mutation: {
    async addDictionaryEntry(_: unknown, args: { name: string; code: string; label: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('dictionary:manage');
      const name = ctx.platform.commands.dictionaries.requireName(args.name);
      const entry = parseEntry({ code: args.code, label: args.label });
      return commandOutcome(await ctx.platform.commands.dictionaries.addEntry(name, entry.code, entry.label, ctx.request(args.commandId)), name);
    },
    async retireDictionaryEntry(_: unknown, args: { name: string; code: string; commandId?: string }, ctx: GraphQLContext) {
      ctx.require('dictionary:manage');
      const name = ctx.platform.commands.dictionaries.requireName(args.name);
      return commandOutcome(await ctx.platform.commands.dictionaries.retireEntry(name, args.code, ctx.request(args.commandId)), name);
    },
  },
};
