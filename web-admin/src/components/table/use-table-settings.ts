// Column show/hide (saved in localStorage under a key unique to the page), density and full screen
// for one table, after RuoYi-Vue3's RightToolbar. Only display preferences are stored, never data.
// On a phone (utils/viewport.ts) a list shows its key columns only, so that a row fits the screen:
// those marked `essential`, or else the first column and the status; the column settings still add
// any other for the visit (not saved: the desktop choice stays as it was).
import { computed, reactive, ref, watch } from 'vue';
import { useViewport } from '@/utils/viewport';

export interface ColumnOption {
  key: string;
  label: string;
  /** Shown unless the user hid it (default true). */
  visible?: boolean;
  /** One of the list's key columns, which a phone shows. */
  essential?: boolean;
}

export type Density = 'large' | 'default' | 'small';

const STORAGE_PREFIX = 'gz-console:table:';

/** Status columns are key columns wherever a list calls them so. */
const STATUS_KEYS = new Set(['status', 'reviewStatus', 'lifecycle']);

/** The columns a phone shows: the marked ones, or else the first column and any status column. */
export function keyColumns(columns: readonly ColumnOption[]): string[] {
  const marked = columns.filter((c) => c.essential).map((c) => c.key);
  return marked.length > 0 ? marked : columns.filter((c, i) => i === 0 || STATUS_KEYS.has(c.key)).map((c) => c.key);
}

function load(pageKey: string): { hidden?: string[]; density?: Density } {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_PREFIX + pageKey) ?? '{}') as { hidden?: string[]; density?: Density };
  } catch {
    return {};
  }
}

/** `density`: the page's own default (a work queue is compact), until the user picks another. */
export function useTableSettings(pageKey: string, columns: readonly ColumnOption[], defaults: { density?: Density } = {}) {
  const saved = load(pageKey);
  const hidden = reactive(new Set<string>(saved.hidden ?? columns.filter((c) => c.visible === false).map((c) => c.key)));
  const density = ref<Density>(saved.density ?? defaults.density ?? 'default');
  const fullscreen = ref(false);
  const { phone } = useViewport();
  /** What a phone shows (for this visit only). */
  const onPhone = reactive(new Set<string>(keyColumns(columns)));

  watch([() => [...hidden], density], () => {
    localStorage.setItem(STORAGE_PREFIX + pageKey, JSON.stringify({ hidden: [...hidden], density: density.value }));
  });

  const isVisible = (key: string) => (phone.value ? onPhone.has(key) : !hidden.has(key));
  const visibleKeys = computed(() => columns.filter((c) => isVisible(c.key)).map((c) => c.key));

  return {
    columns,
    density,
    fullscreen,
    visibleKeys,
    isVisible,
    setDensity(value: Density) {
      density.value = value;
    },
    toggleFullscreen() {
      fullscreen.value = !fullscreen.value;
    },
    setVisible(key: string, visible: boolean) {
      if (phone.value) {
        if (visible) onPhone.add(key);
        else onPhone.delete(key);
      } else if (visible) hidden.delete(key);
      else hidden.add(key);
    },
  };
}

export type TableSettings = ReturnType<typeof useTableSettings>;
