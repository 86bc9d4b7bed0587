// One index of the stand-in: settings with Meilisearch 1.15's defaults, documents in insertion order.
/* eslint-disable @typescript-eslint/no-explicit-any */

export type Document = Record<string, unknown>;

export interface Settings {
  displayedAttributes: string[];
  searchableAttributes: string[];
  filterableAttributes: string[];
  sortableAttributes: string[];
  rankingRules: string[];
  typoTolerance: {
    enabled: boolean;
    minWordSizeForTypos: { oneTypo: number; twoTypos: number };
    disableOnWords: string[];
    disableOnAttributes: string[];
    disableOnNumbers: boolean;
  };
  faceting: { maxValuesPerFacet: number; sortFacetValuesBy: Record<string, 'alpha' | 'count'> };
  pagination: { maxTotalHits: number };
  localizedAttributes: { attributePatterns: string[]; locales: string[] }[] | null;
}

export const defaultSettings = (): Settings => ({
  displayedAttributes: ['*'],
  searchableAttributes: ['*'],
  filterableAttributes: [],
  sortableAttributes: [],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: [],
    disableOnAttributes: [],
    disableOnNumbers: false,
  },
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
  pagination: { maxTotalHits: 1000 },
  localizedAttributes: null,
});

/** Settings the stand-in does not model: accepted only at their defaults, so no test relies on them silently. */
const NOT_MODELLED = ['stopWords', 'synonyms', 'distinctAttribute', 'proximityPrecision', 'separatorTokens', 'nonSeparatorTokens', 'dictionary', 'embedders', 'searchCutoffMs', 'facetSearch', 'prefixSearch', 'chat'];

export class SettingsNotModelledError extends Error {}

/** PATCH semantics: a given key replaces (nested objects merge), null resets to the default. */
export function applySettings(current: Settings, patch: Record<string, any>): Settings {
  const defaults = defaultSettings() as Record<string, any>;
  const next = structuredClone(current) as Record<string, any>;
  for (const [key, value] of Object.entries(patch)) {
    if (NOT_MODELLED.includes(key)) {
      const isDefault = value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value).length === 0);
      if (!isDefault) throw new SettingsNotModelledError(`setting ${key} is not modelled by the stand-in`);
      continue;
    }
    if (value === null) next[key] = defaults[key];
    else if (key === 'typoTolerance' || key === 'faceting' || key === 'pagination') {
      for (const [inner, innerValue] of Object.entries<any>(value)) {
        if (innerValue === null) next[key][inner] = defaults[key][inner];
        else if (inner === 'minWordSizeForTypos' || inner === 'sortFacetValuesBy') next[key][inner] = { ...next[key][inner], ...innerValue };
        else next[key][inner] = innerValue;
      }
    } else next[key] = value;
  }
  return next as Settings;
}

export class StandinIndex {
  readonly documents = new Map<string, { internalId: number; document: Document }>();
  /** Field order of first appearance: what `searchableAttributes: ['*']` searches, in that order. */
  readonly fieldOrder: string[] = [];
  settings: Settings = defaultSettings();
  createdAt = new Date();
  updatedAt = new Date();
  private nextInternalId = 0;

  constructor(
    readonly uid: string,
    public primaryKey: string | null,
  ) {}

  put(id: string, document: Document) {
    const existing = this.documents.get(id);
    // Replacing keeps the internal id, which is also Meilisearch's last tie-break.
    this.documents.set(id, { internalId: existing?.internalId ?? this.nextInternalId++, document });
    for (const field of Object.keys(document)) if (!this.fieldOrder.includes(field)) this.fieldOrder.push(field);
    this.updatedAt = new Date();
  }

  remove(id: string): boolean {
    this.updatedAt = new Date();
    return this.documents.delete(id);
  }

  searchable(): string[] {
    return this.settings.searchableAttributes.includes('*') ? this.fieldOrder : this.settings.searchableAttributes;
  }

  view() {
    return { uid: this.uid, primaryKey: this.primaryKey, createdAt: this.createdAt.toISOString(), updatedAt: this.updatedAt.toISOString() };
  }
}
