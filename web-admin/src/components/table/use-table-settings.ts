// Column show/hide (saved in localStorage under a key unique to the page), density and full screen
// for one table, after RuoYi-Vue3's RightToolbar. Only display preferences are stored, never data.
import { computed, reactive, ref, watch } from 'vue';

export interface ColumnOption {
  key: string;
  label: string;
  /** Shown unless the user hid it (default true). */
  visible?: boolean;
}

export type Density = 'large' | 'default' | 'small';

const STORAGE_PREFIX = 'gz-console:table:';

function load(pageKey: string): { hidden?: string[]; density?: Density } {
  try {
    return JSON.parse(localStorage.getItem(STORAGE_PREFIX + pageKey) ?? '{}') as { hidden?: string[]; density?: Density };
  } catch {
    return {};
  }
}

export function useTableSettings(pageKey: string, columns: readonly ColumnOption[]) {
  const saved = load(pageKey);
  const hidden = reactive(new Set<string>(saved.hidden ?? columns.filter((c) => c.visible === false).map((c) => c.key)));
  const density = ref<Density>(saved.density ?? 'default');
  const fullscreen = ref(false);

  watch([() => [...hidden], density], () => {
    localStorage.setItem(STORAGE_PREFIX + pageKey, JSON.stringify({ hidden: [...hidden], density: density.value }));
  });

  const visibleKeys = computed(() => columns.filter((c) => !hidden.has(c.key)).map((c) => c.key));

  return {
    columns,
    density,
    fullscreen,
    visibleKeys,
    isVisible: (key: string) => !hidden.has(key),
    setDensity(value: Density) {
      density.value = value;
    },
    toggleFullscreen() {
      fullscreen.value = !fullscreen.value;
    },
    setVisible(key: string, visible: boolean) {
      if (visible) hidden.delete(key);
      else hidden.add(key);
    },
  };
}

export type TableSettings = ReturnType<typeof useTableSettings>;
