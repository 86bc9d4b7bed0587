// What every PDF the platform prints in Chinese shares (the training certificate, the student record
// card): the CJK font, read once, the glyph check, fitting a value to its line, Chinese dates, and a
// pdfkit document collected into bytes. Extracted from commands/certificate/certificate-pdf.ts (its
// comment gives the measurements and why pdfkit with Noto Serif SC as a static TTF).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create as createFont, type Font } from 'fontkit';
import PDFDocument from 'pdfkit';

const localRequire = createRequire(import.meta.url);
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif-sc/400Regular/NotoSerifSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif-sc/700Bold/NotoSerifSC_700Bold.ttf',
} as const;
export type FontName = keyof typeof FONT_FILES;

export interface LoadedFont {
  bytes: Buffer;
  /** Parsed once for the glyph coverage check; pdfkit parses its own copy per document. */
  font: Font;
}
let fonts: Record<FontName, LoadedFont> | undefined;

/**
 * The two weights, read on first use and kept (about 30 MB): reading and parsing them per request
 * would cost more than a page does.
 */
export function loadCjkFonts(): Record<FontName, LoadedFont> {
  if (!fonts) {
    const load = (name: FontName): LoadedFont => {
      const bytes = readFileSync(localRequire.resolve(FONT_FILES[name]));
      return { bytes, font: createFont(bytes) as Font };
    };
    fonts = { regular: load('regular'), bold: load('bold') };
  }
  return fonts;
}

/**
 * The characters of `text` the font cannot draw (rare characters outside its 30,928, e.g.
 * Extension B 𠮷, which some names use). An official document must never print a blank box in a
 * person's name, so renderers refuse such data; the command layer can ask first.
 */
export function unprintableCharacters(text: string): string[] {
  const { regular, bold } = loadCjkFonts();
  const missing = new Set<string>();
  for (const c of text) {
    const code = c.codePointAt(0)!;
    // Spaces are laid out but have no outline to check.
    if (/\s/u.test(c)) continue;
    if (!regular.font.hasGlyphForCodePoint(code) || !bold.font.hasGlyphForCodePoint(code)) missing.add(c);
  }
  return [...missing];
}

/** `2025-03-01` -> `2025年3月1日`, the way dates are written on official documents. */
export function chineseDate(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return `${year}年${month}月${day}日`;
}

export interface FitSizes {
  /** The size a value is set at when it fits. */
  size: number;
  /** Below this a value is broken into two lines rather than shrunk further on one. */
  oneLineMinSize: number;
  /** Below this, on two lines, it does not fit at all. */
  minSize: number;
}

export interface FittedValue {
  size: number;
  /** One line, or two for a long value that would be too small on one. */
  lines: string[];
}

/** Characters that may not begin a line, and ones that may not end it (line-breaking rules, 禁则). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕”’·…—,.;:?!)]}%']);
const NO_LINE_END = new Set([...'（《「『【〔“‘([{']);

/**
 * The largest type at which `text` fits its line, from `size` down to `oneLineMinSize`, else broken
 * into two balanced lines down to `minSize`; undefined when even that does not fit. An official
 * document neither truncates nor overprints a value, so it is fitted here or refused. Widths come
 * from one layout of the whole value (advances scale linearly with the size).
 */
export function fitValue(font: Font, text: string, width: number, sizes: FitSizes): FittedValue | undefined {
  const chars = [...text];
  const run = font.layout(text);
  // Advance of each character (a ligature's advance goes to its first character).
  const advances = new Array<number>(chars.length).fill(0);
  let index = 0;
  run.glyphs.forEach((glyph, i) => {
    advances[Math.min(index, chars.length - 1)]! += run.positions[i]!.xAdvance;
    index += Math.max(1, glyph.codePoints.length);
  });
  const total = advances.reduce((a, b) => a + b, 0);
  const floorToHalf = (size: number) => Math.floor(size * 2) / 2;
  const sizeFor = (units: number) => (units <= 0 ? sizes.size : floorToHalf((width * font.unitsPerEm) / units));

  const oneLine = Math.min(sizes.size, sizeFor(total));
  if (oneLine >= sizes.oneLineMinSize) return { size: oneLine, lines: [text] };

  // The break that makes the longer line shortest, where the line-breaking rules allow one.
  let best: { at: number; longer: number } | undefined;
  let before = 0;
  for (let at = 1; at < chars.length; at++) {
    before += advances[at - 1]!;
    if (NO_LINE_START.has(chars[at]!) || NO_LINE_END.has(chars[at - 1]!)) continue;
    const longer = Math.max(before, total - before);
    if (!best || longer < best.longer) best = { at, longer };
  }
  if (!best) return undefined;
  const twoLines = Math.min(sizes.oneLineMinSize, sizeFor(best.longer));
  if (twoLines < sizes.minSize) return undefined;
  return { size: twoLines, lines: [chars.slice(0, best.at).join(''), chars.slice(best.at).join('')] };
}

/** A pdfkit document with the two CJK weights registered as `regular` and `bold`, and its bytes once ended. */
export function cjkDocument(options: PDFKit.PDFDocumentOptions): { doc: PDFKit.PDFDocument; bytes: Promise<Buffer> } {
  const { regular, bold } = loadCjkFonts();
  const doc = new PDFDocument({ autoFirstPage: false, lang: 'zh-CN', pdfVersion: '1.7', ...options });
  doc.registerFont('regular', regular.bytes);
  doc.registerFont('bold', bold.bytes);
  const chunks: Buffer[] = [];
  const bytes = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, bytes };
}
