// Which kinds of file the platform stores, recognised by their first bytes (magic numbers), never by
// the name or the Content-Type the browser claims: an executable renamed to .pdf is refused.

export const FILE_KINDS = {
  xlsx: { label: 'Excel 工作簿 (.xlsx)', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['.xlsx'] },
  pdf: { label: 'PDF 文件', contentType: 'application/pdf', extensions: ['.pdf'] },
  jpg: { label: 'JPEG 图片', contentType: 'image/jpeg', extensions: ['.jpg', '.jpeg'] },
  png: { label: 'PNG 图片', contentType: 'image/png', extensions: ['.png'] },
} as const;
export type FileKind = keyof typeof FILE_KINDS;

/** Bytes needed to recognise every kind. */
export const SNIFF_BYTES = 8;

const startsWith = (head: Buffer, bytes: readonly number[]) => head.length >= bytes.length && bytes.every((b, i) => head[i] === b);

/**
 * The kind the bytes show, or a reason the file is refused. A zip is taken as .xlsx only here; the
 * reader checks that it really is a workbook. An OLE compound file is a legacy .xls or an encrypted
 * workbook, which the import cannot read: it gets its own message.
 */
export function sniffFileKind(head: Buffer): FileKind | 'legacy-office' | undefined {
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return 'xlsx';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'legacy-office';
  return undefined;
}

/** The kind a file name claims by its extension. */
export function kindOfName(name: string): FileKind | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(FILE_KINDS) as FileKind[]).find((kind) => FILE_KINDS[kind].extensions.some((ext) => lower.endsWith(ext)));
}

/** A display name without any folder part, control characters or excess length. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (clean.length <= 200) return clean;
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : '';
  return clean.slice(0, 200 - ext.length) + ext;
}
