// How a value of a replayed record state reads: coded values through the dictionaries, organisation
// ids as names, encrypted personal data by its masked form only. Field names come from the server
// (FieldChange.label); the console knows only which dictionary a field's codes belong to.
import { computed, type MaybeRefOrGetter, toValue } from 'vue';
import { useDict, type DictName } from '@/utils/dict';
import { displayValue } from '@/utils/format';
import { useOrganizations } from '../organization/useOrganizations';

/** The dictionary of a field, by the last segment of its path (`review.status`, `pending.level`). */
function dictionaryOf(path: string[]): DictName | undefined {
  const last = path[path.length - 1];
  const parent = path[path.length - 2];
  if (parent === 'review' && last === 'status') return 'review_status';
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

const ORG_FIELDS = /(institutionId|OrgId|AuthorityId|authorityId)$/;

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

export function useStateValues(extraOrgNames?: MaybeRefOrGetter<ReadonlyMap<string, string>>) {
  const dicts = {
    skill_level: useDict('skill_level'),
    review_status: useDict('review_status'),
    review_level: useDict('review_level'),
    institution_nature: useDict('institution_nature'),
    institution_category: useDict('institution_category'),
    institution_lifecycle: useDict('institution_lifecycle'),
    annual_review_outcome: useDict('annual_review_outcome'),
    document_kind: useDict('document_kind'),
    sex: useDict('sex'),
    person_category: useDict('person_category'),
  } as Partial<Record<DictName, ReturnType<typeof useDict>>>;
  const organizations = useOrganizations();
  const known = computed(() => toValue(extraOrgNames) ?? new Map<string, string>());
  const orgName = (id: string) => {
    const name = organizations.orgName(id);
    return name !== id ? name : (known.value.get(id) ?? id);
  };

  /** The text of one state value at a field path. */
  function valueText(field: string, value: unknown): string {
    const path = field.split('.').filter((p) => p !== 'masked');
    if (isProtected(value)) return value.masked;
    const dict = dictionaryOf(path);
    const last = path[path.length - 1] ?? '';
    if (dict && typeof value === 'string') return dicts[dict]?.label(value) ?? value;
    if (dict && Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.map((v) => dicts[dict]?.label(v) ?? v).join(' → ');
    if (typeof value === 'string' && (ORG_FIELDS.test(last) || path[path.length - 2] === 'authorities')) return orgName(value);
    if (typeof value === 'boolean') return value ? '是' : '否';
    return displayValue(value);
  }

  return { valueText, orgName };
}
