// How a value of a replayed record state reads: statuses by the server's labels, every id the
// server named (organisations, users, the record itself) by its name, coded values through the
// dictionaries, encrypted personal data by its masked form only. Field names come from the server
// (FieldChange.label); the console knows only which dictionary a field's codes belong to. No id
// or code is shown where the server gave a name.
import type { MaybeRefOrGetter } from 'vue';
import { toValue } from 'vue';
import { useDict, type DictName } from '@/utils/dict';
import { displayValue } from '@/utils/format';

/** The dictionary of a field, by the last segment of its path (`review.level`, `pending.level`). */
function dictionaryOf(path: string[]): DictName | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (parent === 'review' && (last === 'levels' || last === 'level')) return 'review_level';
  const byName: Record<string, DictName> = {
    level: 'skill_level',
    nature: 'institution_nature',
    category: 'institution_category',
    lifecycle: 'institution_lifecycle',
    outcome: 'annual_review_outcome',
    kind: 'document_kind',
    sex: 'sex',
    personCategory: 'person_category',
  };
  return last ? byName[last] : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Encrypted values travel as { masked, cipher, blindIndex }: only the masked form is shown. */
const isProtected = (value: unknown): value is { masked: string } => isPlainObject(value) && typeof value.masked === 'string' && 'cipher' in value;

/** A state as leaf fields with dotted paths (arrays and protected values as whole values), as the server's diff sees it. */
export function flattenState(value: unknown, prefix = '', out: { field: string; value: unknown }[] = []) {
  if (isPlainObject(value) && !isProtected(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) flattenState(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out.push({ field: prefix, value });
  }
  return out;
}

/** What the server's timeline says of a record's ids and codes (Timeline.names, Timeline.statusLabels). */
export interface StateNames {
  names: ReadonlyMap<string, string>;
  /** `field value` -> label, for `status` and `review.status`. */
  statuses: ReadonlyMap<string, string>;
}

export const statusKey = (field: string, value: string) => `${field} ${value}`;

export function useStateValues(server: MaybeRefOrGetter<StateNames>) {
  const dicts = {
    skill_level: useDict('skill_level'),
    review_level: useDict('review_level'),
    institution_nature: useDict('institution_nature'),
    institution_category: useDict('institution_category'),
    institution_lifecycle: useDict('institution_lifecycle'),
    annual_review_outcome: useDict('annual_review_outcome'),
    document_kind: useDict('document_kind'),
    sex: useDict('sex'),
    person_category: useDict('person_category'),
  } as Partial<Record<DictName, ReturnType<typeof useDict>>>;

  /** One code or id of a field, as words. */
  function wordFor(field: string, dict: DictName | undefined, value: string): string {
    const { names, statuses } = toValue(server);
    const status = statuses.get(statusKey(field, value));
    if (status) return status;
    const name = names.get(value);
    if (name) return name;
    return dict ? (dicts[dict]?.label(value) ?? value) : value;
  }

  /** The text of one state value at a field path. */
  function valueText(field: string, value: unknown): string {
    const path = field.split('.').filter((p) => p !== 'masked');
    const plain = path.join('.');
    if (isProtected(value)) return value.masked;
    const dict = dictionaryOf(path);
    if (typeof value === 'string') return value === '' ? '—' : wordFor(plain, dict, value);
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) {
      return value.map((v) => wordFor(plain, dict, v)).join(dict === 'review_level' ? ' → ' : '、');
    }
    if (typeof value === 'boolean') return value ? '是' : '否';
    return displayValue(value);
  }

  /** An organisation or user id the server named; the id itself only when it named none. */
  const nameOf = (id: string) => toValue(server).names.get(id);

  return { valueText, nameOf };
}
