/** A file that is not a readable .xlsx workbook. The message is Chinese: it is shown to the uploader as it is. */
export class XlsxFormatError extends Error {
  readonly code = 'XLSX_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'XlsxFormatError';
  }
}
