// 培训类别设置: per training kind, the declaration lead time in working days, review levels, class
// hour, minimum attendance, the class-day rule, check-in tolerance, whether completion needs a
// passed assessment, and the follow-up milestones. The province changes them (training-class:settings),
// each change an event with its reason; a class is held to its kind's settings as they stand.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { TrainingKindSettingsDocument } from '@/graphql/generated';
import type { KindSettings } from '../types';
import KindSettingsDialog from './KindSettingsDialog.vue';

/** The province's record of kind settings (domain/training-class/class-settings.ts). */
export const KIND_SETTINGS_STREAM = 'training-kind-settings-province';

export function useKindSettings() {
  const { result, loading, error, refetch } = useQuery(TrainingKindSettingsDocument);
  const rows = computed(() => result.value?.trainingKindSettings ?? []);
  const loadError = computed(() => (error.value ? toConsoleError(error.value) : undefined));
  const canChange = computed(() => can({ allOf: ['training-class:settings'] }));

  async function change(row: KindSettings) {
    if (await openDialog<boolean>(KindSettingsDialog, { settings: row })) await refetch();
  }

  return { rows, loading, loadError, refetch, canChange, change };
}
