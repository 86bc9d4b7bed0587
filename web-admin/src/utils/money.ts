// Money in the console: the server speaks integer fen as decimal strings; people type and read yuan.
// Conversions are string arithmetic only (no floating point ever touches an amount).

/** "150000" -> "1,500.00" (fen as the server sends them). */
export function formatFen(fen: string | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const negative = fen.startsWith('-');
  const digits = (negative ? fen.slice(1) : fen).replace(/^0+(?=\d)/, '').padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${yuan}.${digits.slice(-2)}`;
}

/**
 * Typed yuan -> fen text for the server: "1500" or "1500.5" or "1,500.50" -> "150050"; null when it
 * is not a non-negative amount with at most two decimals (the server refuses anything else too).
 */
export function yuanToFen(text: string, options: { signed?: boolean } = {}): string | null {
  const cleaned = text.trim().replace(/,/g, '');
  const match = (options.signed ? /^(-?)(\d+)(?:\.(\d{1,2}))?$/ : /^()(\d+)(?:\.(\d{1,2}))?$/).exec(cleaned);
  if (!match) return null;
  const fen = `${match[2]}${(match[3] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '');
  return fen === '0' ? '0' : `${match[1]}${fen}`;
}
