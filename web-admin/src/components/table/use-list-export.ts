// A list's 导出 button: the server writes the current filter's rows to .xlsx
// (GET /export/<list>.xlsx?filter=<json>) under the user's data scope and with the list's masking,
// streaming however many rows there are, and records the export. The browser downloads the answer
// as a blob; an error sent in its place (JSON with a Chinese message) is shown, never saved.
import { ElMessage } from 'element-plus';
import { ref } from 'vue';
import { toConsoleError } from '@/api/errors';
import { downloadFile } from '@/utils/download';

/**
 * `list` is the server's list name (`teachers`, `trainees` ...), `label` names the file when the
 * answer does not, `filter` gives the filter exactly as the list query sends it.
 */
export function useListExport(list: string, label: string, filter: () => object) {
  const exporting = ref(false);

  async function exportCurrent() {
    exporting.value = true;
    try {
      const params = new URLSearchParams({ filter: JSON.stringify(filter()) });
      await downloadFile(`/export/${list}.xlsx?${params.toString()}`, `${label}.xlsx`);
      ElMessage.success('导出完成');
    } catch (e) {
      ElMessage.error(`导出失败：${toConsoleError(e).message}`);
    } finally {
      exporting.value = false;
    }
  }

  return { exporting, exportCurrent };
}
