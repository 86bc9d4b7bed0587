// Code lists an administrator can extend (数据字典): person categories and the like. One stream per
// dictionary; entries are added or retired, never edited away, so old records keep their labels.
import { z } from 'zod';
import { assertNever, type Decider, type DomainEvent } from '../shared/decider';
import { RuleViolationError } from '../shared/errors';
import { parseInput, requiredText } from '../shared/validation';

export const DICTIONARIES = { person_category: '人员类别' } as const;
export type DictionaryName = keyof typeof DICTIONARIES;

export const BUILT_IN_ENTRIES: Record<DictionaryName, { code: string; label: string }[]> = {
  person_category: [
    { code: 'poor_family_child', label: '贫困家庭子女' },
    { code: 'graduate', label: '毕业年度高校毕业生' },
    { code: 'school_leaver', label: '城乡未继续升学的应届初高中毕业生' },
    { code: 'rural_migrant', label: '农村转移就业劳动者' },
    { code: 'urban_unemployed', label: '城镇登记失业人员' },
    { code: 'other', label: '其他' },
  ],
};

export const entrySchema = z.object({
  code: z.string({ error: '编码不能为空' }).regex(/^[a-z][a-z0-9_]{1,39}$/, { error: '编码须为2至40位小写字母、数字或下划线，以字母开头' }),
  label: requiredText('名称', 50),
});
export const parseEntry = (input: unknown) => parseInput(entrySchema, input);

export type DictionaryEntryAdded = DomainEvent<'DictionaryEntryAdded', { code: string; label: string }>;
export type DictionaryEntryRetired = DomainEvent<'DictionaryEntryRetired', { code: string }>;
export type DictionaryEvent = DictionaryEntryAdded | DictionaryEntryRetired;
export type DictionaryState = { entries: { code: string; label: string; active: boolean }[] };
export type DictionaryCommand = { type: 'AddEntry'; code: string; label: string } | { type: 'RetireEntry'; code: string };

export const dictionaryDecider: Decider<DictionaryCommand, DictionaryEvent, DictionaryState> = {
  initialState: () => ({ entries: [] }),
  evolve(state, event) {
    switch (event.type) {
      case 'DictionaryEntryAdded':
        return { entries: [...state.entries.filter((e) => e.code !== event.data.code), { ...event.data, active: true }] };
      case 'DictionaryEntryRetired':
        return { entries: state.entries.map((e) => (e.code === event.data.code ? { ...e, active: false } : e)) };
      default:
        return assertNever(event);
    }
  },
  decide(command, state) {
    const existing = state.entries.find((e) => e.code === command.code);
    switch (command.type) {
      case 'AddEntry':
        if (existing?.active && existing.label === command.label) return [];
        if (existing?.active) throw new RuleViolationError(`编码 ${command.code} 已存在`, 'dictionary.exists');
        if (state.entries.some((e) => e.active && e.label === command.label)) throw new RuleViolationError(`名称“${command.label}”已存在`, 'dictionary.label_exists');
        return [{ type: 'DictionaryEntryAdded', data: { code: command.code, label: command.label } }];
      case 'RetireEntry':
        if (!existing) throw new RuleViolationError(`编码 ${command.code} 不存在`, 'dictionary.not_found');
        return existing.active ? [{ type: 'DictionaryEntryRetired', data: { code: command.code } }] : [];
      default:
        return assertNever(command);
    }
  },
};

export const activeCodes = (state: DictionaryState) => state.entries.filter((e) => e.active).map((e) => e.code);
