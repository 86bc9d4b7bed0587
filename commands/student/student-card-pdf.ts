// 学籍卡 (the student record card, requirement 9(6)) as a PDF: one A4 portrait page (more when the
// changes run long) with the student's particulars, the status in force and every approved change.
// Pure apart from the font: the caller hands it the card's text (names resolved, personal data
// already masked) and stores or streams the bytes. Fonts, fitting and dates are the certificate's
// (commands/pdf/cjk-pdf.ts).
import { ValidationError, type FieldError } from '../../domain/shared/errors';
import { forbiddenCharacter } from '../../domain/shared/validation';
import { chineseDate, cjkDocument, fitValue, loadCjkFonts, unprintableCharacters, type FittedValue } from '../pdf/cjk-pdf';

export interface StudentCardData {
  schoolName: string;
  /** Each particular as label and value (values masked where personal), in print order. */
  particulars: { label: string; value: string }[];
  /** The status in force, e.g. 在籍 / 休学. */
  statusLabel: string;
  changes: { effectiveOn: string; kindLabel: string; detail: string; reason: string }[];
  history: { schoolName: string; majorName: string; enrolledOn: string; endedOn: string; endLabel: string }[];
  /** Who printed it and when (China time, as printed). */
  printedBy: string;
  printedAt: string;
  /** The record's revision printed: an auditor finds the card's state on the record's timeline. */
  revision: number;
}

export const STUDENT_CARD_TITLE = '技工院校学生学籍卡';

const PAGE = { width: 595.28, height: 841.89, margin: 48 };
const COLOR = { frame: '#1f3a5f', text: '#1a1a1a', label: '#3a3a3a', rule: '#9aa5b1', muted: '#6b6b6b', shade: '#eef2f6' };
const GRID = { labelWidth: 78, valueWidth: 170, rowHeight: 24, size: 10.5, oneLineMinSize: 9, minSize: 6.5 };
const TABLE = { rowHeight: 22, size: 9.5, oneLineMinSize: 8, minSize: 6 };
const CHANGE_COLUMNS = [
  { key: 'effectiveOn', label: '生效日期', width: 72 },
  { key: 'kindLabel', label: '异动类型', width: 58 },
  { key: 'detail', label: '变动内容', width: 190 },
  { key: 'reason', label: '原因', width: 179 },
] as const;

type Doc = PDFKit.PDFDocument;

function check(card: StudentCardData): void {
  const errors: FieldError[] = [];
  const texts: [field: string, label: string, text: string][] = [
    ['schoolName', '院校名称', card.schoolName],
    ...card.particulars.map((p, i): [string, string, string] => [`particulars[${i}].${p.label}`, p.label, p.value]),
    ...card.changes.flatMap((c, i): [string, string, string][] => [
      [`changes[${i}].detail`, `第${i + 1}条异动的变动内容`, c.detail],
      [`changes[${i}].reason`, `第${i + 1}条异动的原因`, c.reason],
    ]),
  ];
  for (const [field, label, text] of texts) {
    const forbidden = forbiddenCharacter(text, { multiline: true });
    const missing = unprintableCharacters(text);
    if (forbidden) errors.push({ field, message: `${label}含${forbidden}` });
    else if (missing.length) errors.push({ field, message: `${label}含学籍卡字体无法显示的字符：${missing.join('、')}` });
  }
  if (errors.length) throw new ValidationError(errors, '学籍卡中有无法打印的字符');
}

/** A value fitted to its cell, or, when even two small lines cannot hold it, cut with an ellipsis (a reason can be long; the record keeps it whole). */
function fitted(text: string, width: number, sizes: { size: number; oneLineMinSize: number; minSize: number }): FittedValue {
  const { regular } = loadCjkFonts();
  const value = text.replace(/\s+/g, ' ').trim() || '—';
  let candidate = value;
  for (;;) {
    const fit = fitValue(regular.font, candidate, width, sizes);
    if (fit) return fit;
    candidate = `${[...candidate].slice(0, Math.max(1, [...candidate].length - 4)).join('')}…`;
  }
}

function drawCell(doc: Doc, text: string, x: number, y: number, width: number, height: number, sizes: typeof GRID | typeof TABLE, font: 'regular' | 'bold' = 'regular', color = COLOR.text) {
  const { size, lines } = fitted(text, width - 8, sizes);
  doc.font(font).fontSize(size).fillColor(color);
  const lineHeight = size * 1.2;
  const top = y + (height - lines.length * lineHeight) / 2 + 1;
  lines.forEach((line, i) => doc.text(line, x + 4, top + i * lineHeight, { lineBreak: false }));
}

function header(doc: Doc, card: StudentCardData, continued: boolean): number {
  doc.addPage({ size: 'A4', layout: 'portrait', margin: 0 });
  doc.save().lineWidth(1.5).strokeColor(COLOR.frame).rect(28, 28, PAGE.width - 56, PAGE.height - 56).stroke().restore();
  doc.font('bold').fontSize(22).fillColor(COLOR.frame);
  const title = continued ? `${STUDENT_CARD_TITLE}（续）` : STUDENT_CARD_TITLE;
  doc.text(title, (PAGE.width - doc.widthOfString(title, { characterSpacing: 4 })) / 2, 52, { lineBreak: false, characterSpacing: 4 });
  drawCell(doc, `院校：${card.schoolName}`, PAGE.margin - 4, 88, 360, 20, GRID, 'regular', COLOR.label);
  drawCell(doc, `学籍状态：${card.statusLabel}`, PAGE.width - PAGE.margin - 150, 88, 154, 20, GRID, 'bold', COLOR.label);
  return 116;
}

function grid(doc: Doc, card: StudentCardData, top: number): number {
  const left = PAGE.margin;
  const pairWidth = GRID.labelWidth + GRID.valueWidth;
  card.particulars.forEach((p, i) => {
    const x = left + (i % 2) * pairWidth;
    const y = top + Math.floor(i / 2) * GRID.rowHeight;
    doc.save().rect(x, y, GRID.labelWidth, GRID.rowHeight).fill(COLOR.shade).restore();
    doc.save().lineWidth(0.5).strokeColor(COLOR.rule).rect(x, y, pairWidth, GRID.rowHeight).stroke().moveTo(x + GRID.labelWidth, y).lineTo(x + GRID.labelWidth, y + GRID.rowHeight).stroke().restore();
    drawCell(doc, p.label, x, y, GRID.labelWidth, GRID.rowHeight, GRID, 'bold', COLOR.label);
    drawCell(doc, p.value, x + GRID.labelWidth, y, GRID.valueWidth, GRID.rowHeight, GRID);
  });
  return top + Math.ceil(card.particulars.length / 2) * GRID.rowHeight;
}

function section(doc: Doc, title: string, y: number): number {
  doc.font('bold').fontSize(12).fillColor(COLOR.frame).text(title, PAGE.margin, y, { lineBreak: false });
  return y + 20;
}

function tableRow(doc: Doc, values: string[], widths: number[], y: number, head = false) {
  let x = PAGE.margin;
  values.forEach((value, i) => {
    if (head) doc.save().rect(x, y, widths[i]!, TABLE.rowHeight).fill(COLOR.shade).restore();
    doc.save().lineWidth(0.5).strokeColor(COLOR.rule).rect(x, y, widths[i]!, TABLE.rowHeight).stroke().restore();
    drawCell(doc, value, x, y, widths[i]!, TABLE.rowHeight, TABLE, head ? 'bold' : 'regular', head ? COLOR.label : COLOR.text);
    x += widths[i]!;
  });
}

/** One card; throws ValidationError before drawing anything when a value has a character the font lacks. */
export async function renderStudentCard(card: StudentCardData, options: { createdAt?: Date } = {}): Promise<Buffer> {
  check(card);
  const { doc, bytes } = cjkDocument({ size: 'A4', layout: 'portrait', margin: 0, bufferPages: true, info: { Title: STUDENT_CARD_TITLE, Creator: '贵州省职业能力实名制信息管理系统', CreationDate: options.createdAt ?? new Date() } });
  const bottom = PAGE.height - 90;
  let y = grid(doc, card, header(doc, card, false)) + 18;
  const newPageIfNeeded = (needed: number) => {
    if (y + needed <= bottom) return;
    y = header(doc, card, true);
  };

  const tables: { title: string; columns: { label: string; width: number }[]; rows: string[][]; empty: string }[] = [
    {
      title: '学籍异动记录',
      columns: CHANGE_COLUMNS.map((c) => ({ label: c.label, width: c.width })),
      rows: card.changes.map((c) => [c.effectiveOn, c.kindLabel, c.detail, c.reason]),
      empty: '无',
    },
    {
      title: '历史学籍',
      columns: [
        { label: '院校', width: 170 },
        { label: '专业', width: 130 },
        { label: '入学日期', width: 72 },
        { label: '结束日期', width: 72 },
        { label: '结束方式', width: 55 },
      ],
      rows: card.history.map((h) => [h.schoolName, h.majorName, h.enrolledOn, h.endedOn, h.endLabel]),
      empty: '无',
    },
  ];
  for (const table of tables) {
    newPageIfNeeded(20 + TABLE.rowHeight * 2);
    y = section(doc, table.title, y);
    const widths = table.columns.map((c) => c.width);
    tableRow(doc, table.columns.map((c) => c.label), widths, y, true);
    y += TABLE.rowHeight;
    const rows = table.rows.length ? table.rows : [[table.empty, ...table.columns.slice(1).map(() => '')]];
    for (const row of rows) {
      if (y + TABLE.rowHeight > bottom) {
        y = header(doc, card, true);
        tableRow(doc, table.columns.map((c) => c.label), widths, y, true);
        y += TABLE.rowHeight;
      }
      tableRow(doc, row, widths, y);
      y += TABLE.rowHeight;
    }
    y += 16;
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.font('regular').fontSize(8.5).fillColor(COLOR.muted);
    const foot = `打印：${card.printedBy}  ${card.printedAt}  记录版本：${card.revision}  第 ${i - range.start + 1} / ${range.count} 页`;
    doc.text(foot, PAGE.margin, PAGE.height - 62, { lineBreak: false });
    doc.text('本卡由贵州省职业能力实名制信息管理系统生成，学籍信息以系统记录为准；身份证号码等个人信息已脱敏。', PAGE.margin, PAGE.height - 48, { lineBreak: false });
  }
  doc.end();
  return bytes;
}

export { chineseDate };
