// 抓拍策略: the capture policy of each training kind (check-in and check-out windows, random
// captures per session, distance from the venue, how late an offline phone may upload) and how long
// capture photos are kept. Everyone who works with captures reads them; the provincial authority's
// holder of capture:settings changes them, each change with its reason.
import { useQuery } from '@vue/apollo-composable';
import { computed } from 'vue';
import { toConsoleError } from '@/api/errors';
import { can } from '@/auth/permission';
import { openDialog } from '@/components/dialog/dialog-service';
import { CaptureSettingsDocument, type CapturePolicyFieldsFragment } from '@/graphql/generated';
import PolicyDialog from './PolicyDialog.vue';
import RetentionDialog from './RetentionDialog.vue';

export function useCaptureSettings() {
  const { result, loading, error, refetch } = useQuery(CaptureSettingsDocument, null, { fetchPolicy: 'cache-and-network' });
  const rows = computed(() => result.value?.captureSettings.policies ?? []);
  const retentionDays = computed(() => result.value?.captureSettings.photoRetentionDays ?? null);
  const canChange = computed(() => can({ allOf: ['capture:settings'] }));

  async function changePolicy(policy: CapturePolicyFieldsFragment) {
    if (await openDialog<boolean>(PolicyDialog, { policy })) await refetch();
  }
  async function changeRetention() {
    if (retentionDays.value === null) return;
    if (await openDialog<boolean>(RetentionDialog, { days: retentionDays.value })) await refetch();
  }

  return { rows, retentionDays, loading, loadError: computed(() => (error.value ? toConsoleError(error.value) : undefined)), refetch, canChange, changePolicy, changeRetention };
}
