import type { DictionaryEvent } from './dictionary';

/** Chinese names of the module's events: a type without a label fails to compile. */
export const DICTIONARY_EVENT_LABELS: Record<DictionaryEvent['type'], string> = { DictionaryEntryAdded: '新增字典项', DictionaryEntryRetired: '停用字典项' };
