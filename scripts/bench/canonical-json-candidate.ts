// A candidate replacement for the `canonicalize` package in store/event-store/integrity.ts,
// measured by hash-costs.ts (and checked there to give identical text on every sample event).
// Same RFC 8785 output for JSON data: keys sorted by UTF-16 code units (Array#sort's default),
// strings and numbers as ECMAScript's JSON.stringify writes them. It spends less per event by
// checking strings for lone surrogates natively (String#isWellFormed, Node 20+) instead of a
// character loop in JavaScript, and by bounding depth instead of tracking visited objects.
const MAX_DEPTH = 64;
const isWellFormed = (text: string) => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

export function canonicalJson(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) throw new Error('too deeply nested (or circular) for canonical JSON');
  switch (typeof value) {
    case 'string':
      if (!isWellFormed(value)) throw new Error('Lone surrogate is not allowed');
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`${value} is not allowed`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  const object = value as Record<string, unknown> & { toJSON?: () => unknown };
  if (typeof object.toJSON === 'function') return canonicalJson(object.toJSON(), depth + 1);
  if (Array.isArray(object)) {
    let out = '[';
    for (let i = 0; i < object.length; i++) out += (i ? ',' : '') + (canonicalJson(object[i], depth + 1) ?? 'null');
    return `${out}]`;
  }
  let out = '{';
  for (const key of Object.keys(object).sort()) {
    const text = canonicalJson(object[key], depth + 1);
    if (text === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${canonicalJson(key)}:${text}`;
  }
  return `${out}}`;
}
