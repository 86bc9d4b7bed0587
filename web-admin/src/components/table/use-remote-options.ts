// The choices of a 'remote' filter field (filter-fields.ts): asked of the server as the user types
// (a name, a code), the latest question's answer kept, a failed one shown as no choice. `remember`
// keeps a choice made elsewhere (a click on a row's operator) so the field shows its name, not its id.
import { ref } from 'vue';
import type { FilterOption } from './filter-fields';

export function useRemoteOptions(find: (q: string) => Promise<FilterOption[]>) {
  const options = ref<FilterOption[]>([]);
  const loading = ref(false);
  let asked = 0;

  async function search(q: string) {
    const words = q.trim();
    const mine = ++asked;
    if (!words) {
      loading.value = false;
      return;
    }
    loading.value = true;
    try {
      const found = await find(words);
      if (mine === asked) options.value = found;
    } catch {
      if (mine === asked) options.value = [];
    } finally {
      if (mine === asked) loading.value = false;
    }
  }

  function remember(option: FilterOption) {
    if (!options.value.some((o) => o.value === option.value)) options.value = [option, ...options.value];
  }

  return { options, loading, search, remember };
}
