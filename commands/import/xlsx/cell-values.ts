// Cell values as text. An import validates text (an ID number, a phone number, a date typed in a
// cell), so the reader turns every cell into the string a person sees, not into a JS number that
// would lose digits or a Date that would shift with the time zone.

const MS_PER_DAY = 86_400_000;
/** Day 0 of Excel's 1900 system is 1899-12-30 once its phantom 1900-02-29 is accounted for. */
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A date serial as `YYYY-MM-DD`, or `YYYY-MM-DD HH:mm:ss` when it has a time of day. */
export function serialToText(serial: number, date1904: boolean): string {
  // Before Excel's phantom 1900-02-29 (serial 60) the 1900 system runs one day ahead.
  const days = !date1904 && serial < 60 ? serial + 1 : serial;
  const ms = Math.round((days * MS_PER_DAY) / 1000) * 1000 + (date1904 ? EPOCH_1904 : EPOCH_1900);
  const iso = new Date(ms).toISOString();
  return Number.isInteger(serial) ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/**
 * A stored number as the digits Excel shows: `1.3800138E10` -> `13800138000`. Excel keeps 15
 * significant digits, so an 18-digit ID number typed as a number reads back as Excel shows it
 * (`520102199805061000`), and its check digit then fails: the row is refused, never guessed.
 */
export function numberToText(raw: string): string {
  if (!/[eE]/.test(raw)) return raw;
  const n = Number(raw);
  if (!Number.isFinite(n) || !Number.isInteger(n) || Math.abs(n) >= 1e21) return Number.isFinite(n) ? String(n) : raw;
  const [mantissa, exponent] = n.toPrecision(15).split('e+') as [string, string | undefined];
  if (exponent === undefined) return String(Number(mantissa));
  const negative = mantissa.startsWith('-');
  const [whole, fraction = ''] = mantissa.replace('-', '').split('.');
  const digits = (whole! + fraction).replace(/0+$/, '') || '0';
  const length = Number(exponent) + 1;
  return (negative ? '-' : '') + (digits.length >= length ? digits.slice(0, length) : digits + '0'.repeat(length - digits.length));
}

export type CellType = 's' | 'inlineStr' | 'str' | 'n' | 'b' | 'e' | 'd';

/** The text of one cell from its type, raw `<v>` or inline text, and whether its style is a date. */
export function cellText(type: CellType, raw: string, sharedStrings: readonly string[], isDate: boolean, date1904: boolean): string {
  switch (type) {
    case 's': {
      if (raw.trim() === '') return '';
      const index = Number(raw);
      return Number.isInteger(index) && index >= 0 && index < sharedStrings.length ? sharedStrings[index]! : '';
    }
    case 'inlineStr':
    case 'str':
    case 'e':
      return raw;
    case 'b':
      return raw === '1' || raw.toLowerCase() === 'true' ? 'TRUE' : 'FALSE';
    case 'd':
      return raw.length > 10 && raw.slice(11) !== '00:00:00' ? raw.slice(0, 19).replace('T', ' ') : raw.slice(0, 10);
    case 'n': {
      const trimmed = raw.trim();
      if (trimmed === '') return '';
      if (isDate) {
        const serial = Number(trimmed);
        if (Number.isFinite(serial) && serial >= 0 && serial < 2_958_466) return serialToText(serial, date1904);
      }
      return numberToText(trimmed);
    }
  }
}
