// GET /import/templates/<kind>.xlsx: the import template of a kind, written as it is downloaded
// (Chinese headers, an example row, the dictionary lists on a hidden sheet feeding drop-downs).
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { writeTemplate } from '../../commands/import/import-workbooks';
import type { Platform } from '../platform';
import { attachment, sendError } from '../storage/http-errors';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function templateHandler(platform: Platform) {
  return async (req: Request, res: Response) => {
    if (!req.user!.permissions.has('import:run')) return sendError(res, 'FORBIDDEN', '您没有“批量导入”权限');
    const match = /^([a-z][a-z0-9_-]{0,39})\.xlsx$/.exec(String(req.params.file));
    const kind = match ? platform.imports.kinds.get(match[1]!) : undefined;
    if (!kind) return sendError(res, 'NOT_FOUND', '没有这种导入模板');
    const workbook = writeTemplate(kind);
    res.setHeader('Content-Type', XLSX_TYPE);
    res.setHeader('Content-Disposition', attachment(`${kind.label}导入模板.xlsx`));
    res.setHeader('Cache-Control', 'private, no-cache');
    await Promise.all([pipeline(workbook.output, res), workbook.done]);
  };
}
