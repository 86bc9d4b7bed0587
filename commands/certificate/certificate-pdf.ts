// The training certificate (培训合格证书, issue 12 §3) as a PDF: one A4 landscape page per
// certificate, so a whole class prints as one document. Pure apart from reading the font once: the
// command layer hands it the data (no database access here) and stores or streams the bytes.
//
// Library and font, as measured here (Node 20, 2 shared cores; see the report of
// scripts/bench/certificate-bench.ts for the current figures):
// - pdfkit (maintained, MIT) with fontkit 2 subsets a TrueType (glyf) CJK font correctly. pdf-lib
//   was not chosen: it is unmaintained and its fontkit fork corrupts CJK subsets (short `loca`,
//   CID-keyed CFF). CFF-based OTF (Source Han / Noto CJK .otf) and WOFF/WOFF2 have a history of
//   missing glyphs and slow layout in pdfkit; a static TTF avoids both.
// - Noto Serif SC (SIL OFL 1.1), the static TTF that Google Fonts serves, from the npm package
//   @expo-google-fonts/noto-serif-sc: one 14.8 MB file per weight, 30,928 characters (checked: all
//   of GB 2312, of CJK Unified Ideographs U+4E00-9FFF and of Extension A; none of Extension B+,
//   which unprintableCharacters() reports). A serif (宋体 style) suits a formal
//   certificate. Only the glyphs used are embedded, once per document: one certificate is about
//   31 KB, a 50-page class about 150 KB (3 KB a page beyond the shared subsets).
// - Measured: a 50-page class renders in 110-350 ms (median about 170 ms on a busy machine; the
//   issue's aim is < 5 s), one certificate in about 40 ms, the first of a process in about 180 ms
//   (reading the fonts). The event loop gets a turn after every page; the longest block is the
//   font subsetting at the end, 5-35 ms.
// - The QR code is drawn as vector squares (no raster image): sharp at any printer resolution and
//   a few hundred bytes.
import type { Font } from 'fontkit';
import QRCode from 'qrcode';
import { chineseDate, cjkDocument, fitValue as fitToLine, loadCjkFonts as loadFonts, unprintableCharacters, type FittedValue, type FontName } from '../pdf/cjk-pdf';
import { ValidationError, type FieldError } from '../../domain/shared/errors';
import { maskIdNumber } from '../../domain/personal-data/masking';
import { forbiddenCharacter, isCalendarDate } from '../../domain/shared/validation';

/** What one certificate shows. Dates are calendar days `YYYY-MM-DD` in China Standard Time. */
export interface CertificateData {
  /** 证书编号: letters, digits and hyphens; also what the QR code carries. */
  certificateNumber: string;
  /** 姓名, printed in full (it is the holder's own certificate). */
  name: string;
  /** 身份证号: the clear or an already masked number; always printed masked (520102********1234). */
  idNumber: string;
  /** 培训项目, e.g. 职业技能提升培训. */
  trainingProject: string;
  /** 职业（工种）, e.g. 电工. */
  occupation: string;
  /** 等级, e.g. 四级/中级工; absent for training that leads to no level. */
  level?: string;
  /** 培训学时, whole hours. */
  hours: number;
  /** 培训起止日期. */
  startDate: string;
  endDate: string;
  /** 培训机构. */
  institutionName: string;
  /** 发证日期. */
  issueDate: string;
}

export interface CertificateRenderOptions {
  /**
   * What the QR code says before the certificate number: `GZCERT:` (default) or the public
   * verification address, e.g. `https://example.gov.cn/verify/certificate/`.
   */
  verificationPrefix?: string;
  /** Small print at the foot of every page; an empty string prints none. */
  footnote?: string;
  /** The PDF's creation date (document info). Defaults to now; fixed to get identical bytes. */
  createdAt?: Date;
}

export const DEFAULT_VERIFICATION_PREFIX = 'GZCERT:';
export const DEFAULT_FOOTNOTE = '本证书信息可扫描二维码核验，或登录贵州省职业能力实名制信息管理系统查询。';
export const CERTIFICATE_TITLE = '培训合格证书';
/** One PDF holds a class; more than this is a mistake of the caller rather than a real class. */
export const MAX_CERTIFICATES_PER_PDF = 1000;

/** The text a certificate's QR code encodes. */
export const verificationText = (certificateNumber: string, prefix = DEFAULT_VERIFICATION_PREFIX): string => `${prefix}${certificateNumber}`;

export { chineseDate };

/** Occupation and level as printed: `电工（四级/中级工）`, or the occupation alone. */
export const occupationWithLevel = (data: Pick<CertificateData, 'occupation' | 'level'>): string =>
  data.level?.trim() ? `${data.occupation}（${data.level.trim()}）` : data.occupation;

// --- fonts (shared with the other printed documents: commands/pdf/cjk-pdf.ts) -----------------------

export { unprintableCharacters };

// --- layout (PDF points; A4 landscape is 841.89 x 595.28) ---------------------------------------

const PAGE = { width: 841.89, height: 595.28 };
const COLOR = { frame: '#8b1a1a', text: '#1a1a1a', label: '#3a3a3a', rule: '#9a8f80', muted: '#6b6b6b' };
const FIELDS = { labelRight: 300, valueLeft: 308, valueWidth: 310, top: 178, rowHeight: 33, size: 15, oneLineMinSize: 11, minSize: 8 };
const QR = { x: 640, y: 196, size: 128 };
const FOOTNOTE_SIZE = 9;

interface Row {
  /** The input field a problem with this line is reported on. */
  field: keyof CertificateData;
  label: string;
  value: string;
}

const rowsOf = (c: CertificateData): Row[] => [
  { field: 'name', label: '姓名：', value: c.name.trim() },
  { field: 'idNumber', label: '身份证号码：', value: maskIdNumber(c.idNumber.trim()) },
  { field: 'trainingProject', label: '培训项目：', value: c.trainingProject.trim() },
  { field: 'occupation', label: '职业（工种）及等级：', value: occupationWithLevel({ occupation: c.occupation.trim(), level: c.level }) },
  { field: 'hours', label: '培训学时：', value: `${c.hours}学时` },
  { field: 'startDate', label: '培训起止日期：', value: `${chineseDate(c.startDate)} 至 ${chineseDate(c.endDate)}` },
  { field: 'institutionName', label: '培训机构：', value: c.institutionName.trim() },
  { field: 'issueDate', label: '发证日期：', value: chineseDate(c.issueDate) },
];

type Doc = PDFKit.PDFDocument;

/** A value fitted to a certificate line: 15 pt down to 11 pt on one line, then 11 pt down to 8 pt on two. */
const fitValue = (font: Font, text: string, width: number): FittedValue | undefined => fitToLine(font, text, width, FIELDS);

function drawFrame(doc: Doc): void {
  doc.save();
  doc.lineWidth(4).strokeColor(COLOR.frame).rect(22, 22, PAGE.width - 44, PAGE.height - 44).stroke();
  doc.lineWidth(0.8).rect(32, 32, PAGE.width - 64, PAGE.height - 64).stroke();
  doc.restore();
}

/** The QR code as filled squares, one rectangle per run of dark modules in a row, on a white quiet zone. */
function drawQrCode(doc: Doc, text: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const quiet = 4;
  const cell = size / (modules.size + 2 * quiet);
  doc.save();
  doc.rect(x, y, size, size).fill('#ffffff');
  for (let row = 0; row < modules.size; row++) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col++;
      // A hair of overlap so no white seam shows between rows in a rasteriser.
      doc.rect(x + (quiet + start) * cell, y + (quiet + row) * cell, (col - start) * cell, cell + 0.05);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

function centred(doc: Doc, text: string, y: number, options: { font: FontName; size: number; color: string; characterSpacing?: number }): void {
  doc.font(options.font).fontSize(options.size).fillColor(options.color);
  const width = doc.widthOfString(text, { characterSpacing: options.characterSpacing ?? 0 });
  doc.text(text, (PAGE.width - width) / 2, y, { lineBreak: false, characterSpacing: options.characterSpacing ?? 0 });
}

function drawCertificate(doc: Doc, c: CertificateData, rows: Row[], values: FittedValue[], prefix: string, footnote: string): void {
  doc.addPage({ size: 'A4', layout: 'landscape', margin: 0 });
  drawFrame(doc);

  // Wide-spaced, as certificate titles are; text extractors read it as 培 训 合 格 证 书.
  centred(doc, CERTIFICATE_TITLE, 74, { font: 'bold', size: 40, color: COLOR.frame, characterSpacing: 16 });

  doc.font('regular').fontSize(12).fillColor(COLOR.label);
  const serial = `证书编号：${c.certificateNumber}`;
  doc.text(serial, PAGE.width - 70 - doc.widthOfString(serial), 140, { lineBreak: false });

  rows.forEach((row, i) => {
    const y = FIELDS.top + i * FIELDS.rowHeight;
    doc.font('bold').fontSize(14).fillColor(COLOR.label);
    doc.text(row.label, FIELDS.labelRight - doc.widthOfString(row.label), y + 1, { lineBreak: false });
    const { size, lines } = values[i]!;
    doc.font('regular').fontSize(size).fillColor(COLOR.text);
    if (lines.length === 1) {
      // A value set smaller to fit sits on the same baseline as its label.
      doc.text(lines[0]!, FIELDS.valueLeft, y + (FIELDS.size - size) * 1.08, { lineBreak: false });
    } else {
      lines.forEach((line, n) => doc.text(line, FIELDS.valueLeft, y - 7 + n * size * 1.28, { lineBreak: false }));
    }
    doc.save().lineWidth(0.5).strokeColor(COLOR.rule);
    doc.moveTo(FIELDS.valueLeft, y + 24).lineTo(FIELDS.valueLeft + FIELDS.valueWidth, y + 24).stroke();
    doc.restore();
  });

  const statementY = FIELDS.top + rows.length * FIELDS.rowHeight + 14;
  doc.font('regular').fontSize(15).fillColor(COLOR.text);
  doc.text('该学员完成上述培训，经考核合格，特发此证。', 150, statementY, { lineBreak: false });

  drawQrCode(doc, verificationText(c.certificateNumber, prefix), QR.x, QR.y, QR.size);
  doc.font('regular').fontSize(10).fillColor(COLOR.muted);
  const caption = '扫码核验证书';
  doc.text(caption, QR.x + (QR.size - doc.widthOfString(caption)) / 2, QR.y + QR.size + 6, { lineBreak: false });

  if (footnote) centred(doc, footnote, PAGE.height - 62, { font: 'regular', size: FOOTNOTE_SIZE, color: COLOR.muted });
}

// --- validation ----------------------------------------------------------------------------------

const FIELD_LABELS: Record<keyof CertificateData, string> = {
  certificateNumber: '证书编号',
  name: '姓名',
  idNumber: '身份证号码',
  trainingProject: '培训项目',
  occupation: '职业（工种）',
  level: '等级',
  hours: '培训学时',
  startDate: '培训开始日期',
  endDate: '培训结束日期',
  institutionName: '培训机构',
  issueDate: '发证日期',
};
const PRINTED_TEXT_FIELDS = ['name', 'idNumber', 'trainingProject', 'occupation', 'level', 'institutionName'] as const;
const TEXT_LIMITS: [(typeof PRINTED_TEXT_FIELDS)[number], number][] = [
  ['name', 50],
  ['idNumber', 30],
  ['trainingProject', 60],
  ['occupation', 40],
  ['institutionName', 60],
];

function checkCertificate(c: CertificateData, at: string, errors: FieldError[]): void {
  const add = (field: string, message: string) => errors.push({ field: `${at}.${field}`, message: `证书 ${String(c.certificateNumber)}：${message}` });
  if (typeof c.certificateNumber !== 'string' || !/^[0-9A-Za-z-]{1,40}$/.test(c.certificateNumber)) {
    add('certificateNumber', '证书编号只能由字母、数字和连字符组成（1-40 位）');
  }
  for (const [field, max] of TEXT_LIMITS) {
    const value = c[field];
    const label = FIELD_LABELS[field];
    if (typeof value !== 'string' || !value.trim()) add(field, `${label}不能为空`);
    else if ([...value].length > max) add(field, `${label}不能超过${max}个字`);
    else if (forbiddenCharacter(value)) add(field, `${label}含${forbiddenCharacter(value)}`);
  }
  if (c.level !== undefined && (typeof c.level !== 'string' || [...c.level].length > 20 || forbiddenCharacter(c.level))) {
    add('level', '等级应为不超过20个字的文字');
  }
  if (!Number.isInteger(c.hours) || c.hours < 1 || c.hours > 10_000) add('hours', '培训学时应为 1-10000 的整数');
  for (const field of ['startDate', 'endDate', 'issueDate'] as const) {
    if (typeof c[field] !== 'string' || !isCalendarDate(c[field])) add(field, `${FIELD_LABELS[field]}不是有效日期（YYYY-MM-DD）`);
  }
  if (isCalendarDate(c.startDate) && isCalendarDate(c.endDate) && c.startDate > c.endDate) add('endDate', '培训结束日期早于开始日期');
}

// --- rendering -----------------------------------------------------------------------------------

/** Lets other work on the event loop run between pages: a 50-page batch is not one long block. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function settingsOf(options: CertificateRenderOptions): { prefix: string; footnote: string } {
  const prefix = options.verificationPrefix ?? DEFAULT_VERIFICATION_PREFIX;
  if (!/^[\x21-\x7e]{0,200}$/.test(prefix)) throw new ValidationError([{ field: 'verificationPrefix', message: '核验前缀只能是不含空格的 ASCII 字符（最多200个）' }]);
  const footnote = options.footnote ?? DEFAULT_FOOTNOTE;
  const { regular } = loadFonts();
  const missing = unprintableCharacters(footnote);
  const problem = forbiddenCharacter(footnote) ?? (missing.length ? `证书字体无法显示的字符：${missing.join('、')}` : undefined);
  if (problem) throw new ValidationError([{ field: 'footnote', message: `页脚文字含${problem}` }]);
  if ((regular.font.layout(footnote).advanceWidth * FOOTNOTE_SIZE) / regular.font.unitsPerEm > PAGE.width - 120) {
    throw new ValidationError([{ field: 'footnote', message: '页脚文字过长，一行放不下' }]);
  }
  return { prefix, footnote };
}

interface PageLayout {
  certificate: CertificateData;
  rows: Row[];
  values: FittedValue[];
}

/**
 * Every certificate checked, and every value checked for glyphs and fitted to its line, before the
 * first page is drawn: a bad certificate fails the batch up front, naming every problem of every
 * certificate by field, instead of leaving a half-printed document.
 */
function layoutPages(certificates: readonly CertificateData[]): PageLayout[] {
  if (certificates.length === 0) throw new ValidationError([{ field: 'certificates', message: '没有要打印的证书' }]);
  if (certificates.length > MAX_CERTIFICATES_PER_PDF) {
    throw new ValidationError([{ field: 'certificates', message: `一次最多打印${MAX_CERTIFICATES_PER_PDF}份证书` }]);
  }
  const errors: FieldError[] = [];
  certificates.forEach((c, i) => checkCertificate(c, `certificates[${i}]`, errors));
  if (errors.length) throw new ValidationError(errors);

  // A character the font lacks is reported on the field that holds it.
  const printable = new Map<string, string[]>();
  certificates.forEach((c, i) => {
    for (const field of PRINTED_TEXT_FIELDS) {
      const value = c[field];
      if (typeof value !== 'string') continue;
      if (!printable.has(value)) printable.set(value, unprintableCharacters(value));
      const missing = printable.get(value)!;
      if (missing.length) errors.push({ field: `certificates[${i}].${field}`, message: `证书 ${c.certificateNumber}：${FIELD_LABELS[field]}含证书字体无法显示的字符：${missing.join('、')}` });
    }
  });
  if (errors.length) throw new ValidationError(errors);

  const { regular } = loadFonts();
  // A class repeats its project, institution and dates on every page: fit each text once.
  const fitted = new Map<string, FittedValue | undefined>();
  const fit = (value: string) => {
    if (!fitted.has(value)) fitted.set(value, fitValue(regular.font, value, FIELDS.valueWidth));
    return fitted.get(value);
  };
  const pages = certificates.map((certificate, i): PageLayout => {
    const rows = rowsOf(certificate);
    const values = rows.map((row): FittedValue => {
      const value = fit(row.value);
      if (value) return value;
      errors.push({ field: `certificates[${i}].${row.field}`, message: `证书 ${certificate.certificateNumber}：${row.label.replace('：', '')}过长，证书上放不下` });
      return { size: FIELDS.size, lines: [] };
    });
    return { certificate, rows, values };
  });
  if (errors.length) throw new ValidationError(errors);
  return pages;
}

/**
 * One PDF with a page per certificate, in the order given. Throws ValidationError before drawing
 * anything when data is malformed, has a character the font cannot draw, or a value too long to
 * fit even in small type on two lines.
 */
export async function renderCertificates(certificates: readonly CertificateData[], options: CertificateRenderOptions = {}): Promise<Buffer> {
  const { prefix, footnote } = settingsOf(options);
  const pages = layoutPages(certificates);
  const { doc, bytes: finished } = cjkDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: {
      Title: certificates.length === 1 ? `${CERTIFICATE_TITLE} ${certificates[0]!.certificateNumber}` : CERTIFICATE_TITLE,
      Creator: '贵州省职业能力实名制信息管理系统',
      CreationDate: options.createdAt ?? new Date(),
    },
  });
  for (const { certificate, rows, values } of pages) {
    drawCertificate(doc, certificate, rows, values, prefix, footnote);
    await yieldToEventLoop();
  }
  // The font subsets are built and embedded here, in one synchronous step (the benchmark reports
  // how long it blocks).
  doc.end();
  return finished;
}
