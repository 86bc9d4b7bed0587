// What the import page and the job dialog share: a job's running state, its progress colour, the
// check of a picked file, and the download of a job's error report.
import { ElMessage } from 'element-plus';
import { toConsoleError } from '@/api/errors';
import { downloadFile } from '@/utils/download';

/** A job the worker is still on: its progress changes, the page asks again. */
export const isRunning = (status: string) => status === 'validating' || status === 'importing';

/** Progress bar colour per status. */
export const progressStatus = (status: string): '' | 'success' | 'exception' => (status === 'completed' ? 'success' : status === 'failed' ? 'exception' : '');

/** The file the user picked, checked in the browser before anything is sent; the server checks its content again. */
export function fileProblem(file: { name: string; size: number }): string | undefined {
  if (/\.xls$/i.test(file.name)) return '不支持旧版 .xls 文件，请用 Excel 另存为 .xlsx 后再导入';
  if (!/\.xlsx$/i.test(file.name)) return `“${file.name}”不是 Excel (.xlsx) 文件，请使用下载的导入模板填写`;
  if (file.size === 0) return '文件是空的，请检查后重新选择';
  return undefined;
}

/** GET /files/<reportFileId>: the bad rows with their column and message, then the row as it was. */
export async function downloadReport(reportFileId: string | null | undefined, fileName: string): Promise<void> {
  if (!reportFileId) return;
  try {
    await downloadFile(`/files/${encodeURIComponent(reportFileId)}`, `${fileName.replace(/\.xlsx$/i, '')}-错误报告.xlsx`);
  } catch (e) {
    ElMessage.error(`下载错误报告失败：${toConsoleError(e).message}`);
  }
}
