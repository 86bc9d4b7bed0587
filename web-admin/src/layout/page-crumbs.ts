// Breadcrumbs a page knows only once its data has loaded: the audit replay sits under the record it
// replays (首页 / 培训工种 / 茶艺师 / 审计回放), which no static route meta can say. The page gives
// them while it is shown; AppBreadcrumbs puts them between 首页 and the page's own title.
import { onBeforeUnmount, ref, watchEffect } from 'vue';
import type { RouteLocationRaw } from 'vue-router';
import { useRoute } from 'vue-router';

export interface Crumb {
  title: string;
  to?: RouteLocationRaw;
}

const current = ref<{ path: string; crumbs: Crumb[] } | undefined>();

/** The crumbs of the page shown at this path (undefined: the route meta's alone). */
export const pageCrumbsFor = (path: string): Crumb[] | undefined => (current.value?.path === path ? current.value.crumbs : undefined);

/** Called in a page's setup: its crumbs, recomputed as its data arrives, dropped when it leaves. */
export function usePageCrumbs(crumbs: () => Crumb[] | undefined) {
  const route = useRoute();
  const path = route.path;
  watchEffect(() => {
    const list = crumbs();
    current.value = list ? { path, crumbs: list } : current.value?.path === path ? undefined : current.value;
  });
  onBeforeUnmount(() => {
    if (current.value?.path === path) current.value = undefined;
  });
}
