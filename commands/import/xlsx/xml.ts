// The XML side of SpreadsheetML, shared by the reader and the writer: escaping (with Excel's own
// `_xHHHH_` escape for characters XML 1.0 cannot carry), A1 column letters, and a streaming SAX pass
// over one zip entry that refuses DTDs (no entity expansion, so no XXE or "billion laughs").
import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { XlsxFormatError } from './errors';

/** Characters XML 1.0 forbids (C0 controls other than tab, newline and carriage return; lone surrogates; U+FFFE/U+FFFF). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const XML_ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A literal `_xHHHH_` in the text would read back as an escape: Excel escapes its underscore as `_x005F_`. */
const LOOKS_ESCAPED = /_(x[0-9A-Fa-f]{4}_)/g;
const ESCAPE_SEQUENCE = /_x([0-9A-Fa-f]{4})_/g;

const hex4 = (code: number) => code.toString(16).toUpperCase().padStart(4, '0');

/** Text for an element's content or an attribute value. */
export function escapeXml(text: string): string {
  let out = text.replace(LOOKS_ESCAPED, '_x005F_$1');
  out = out.replace(XML_ILLEGAL, (c) => `_x${hex4(c.charCodeAt(0))}_`);
  return out.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Undoes Excel's `_xHHHH_` escapes in cell text. */
export const unescapeExcel = (text: string): string => (text.includes('_x') ? text.replace(ESCAPE_SEQUENCE, (_, code: string) => String.fromCharCode(parseInt(code, 16))) : text);

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** The column index of a cell reference such as "AB12" (-1 when it has no letters). */
export function columnIndexOf(reference: string): number {
  let n = 0;
  let i = 0;
  for (; i < reference.length; i++) {
    const code = reference.charCodeAt(i);
    const upper = code >= 97 && code <= 122 ? code - 32 : code;
    if (upper < 65 || upper > 90) break;
    n = n * 26 + (upper - 64);
  }
  return i === 0 ? -1 : n - 1;
}

/** Element name without its namespace prefix: some writers emit `<x:row>` instead of `<row>`. */
export const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

export interface XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * Parses one XML part as it streams. The handlers run synchronously for each chunk; `afterChunk`
 * runs between chunks so a caller can hand over what the chunk produced (the reader yields rows
 * there, so a sheet never sits in memory whole).
 */
export async function* parseXmlStream(input: Readable, part: string, handlers: XmlHandlers): AsyncGenerator<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  let failure: Error | undefined;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('doctype', () => {
    failure ??= new XlsxFormatError(`Excel 文件中的 ${part} 含有不允许的 DTD 声明`);
  });
  if (handlers.open) {
    const open = handlers.open;
    parser.on('opentag', (tag: SaxesTagPlain) => open(localName(tag.name), tag.attributes));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag: SaxesTagPlain) => close(localName(tag.name)));
  }
  if (handlers.text) parser.on('text', handlers.text);
  input.setEncoding('utf8');
  try {
    for await (const chunk of input) {
      parser.write(chunk as string);
      if (failure) break;
      yield;
    }
    if (!failure) parser.close();
  } catch (error) {
    failure ??= error as Error;
  } finally {
    input.destroy();
  }
  if (failure) {
    if (failure instanceof XlsxFormatError) throw failure;
    throw new XlsxFormatError(`Excel 文件已损坏：${part} 不是合法的 XML（${failure.message.split('\n')[0]}）`);
  }
  yield;
}
