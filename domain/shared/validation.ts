// The one way input is validated: zod schemas in the domain, with messages written in Chinese per
// field (zod's own zh-CN messages read like "期望 string >=2 字符", which is not for end users).
import { z } from 'zod';
import { ValidationError, type FieldError } from './errors';

/** Message for a missing value or one of the wrong type. */
const typeError = (label: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}必须是${kind}`;

/**
 * Characters no text input may hold, wherever it goes: C0 controls other than tab, line feed and
 * carriage return, DEL, C1 controls, and lone UTF-16 surrogates. Postgres refuses NUL in text and
 * jsonb and lone surrogates in jsonb, so such input would fail deep in a write (a 500, a half-done
 * request); the others are invisible and only arrive by mistake or by probing.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is this rule's purpose
const FORBIDDEN_ANYWHERE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}/u;
/** Single-line text (names, codes, addresses) refuses line breaks and tabs as well. */
// eslint-disable-next-line no-control-regex -- as above
const FORBIDDEN_IN_LINE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]|\p{Cs}/u;

const describeCharacter = (c: string) => {
  if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') return '换行符';
  if (c === '\t') return '制表符';
  const code = c.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return code >= 0xd800 && code <= 0xdfff ? `无效字符（不成对的代理项 ${hex}）` : `控制字符（${hex}）`;
};

/**
 * The one text rule: what a text value must not contain, in words ("控制字符（U+0000）"), or
 * undefined when it is acceptable. Multi-line text (opinions, reasons) keeps tabs and line breaks.
 */
export function forbiddenCharacter(text: string, options: { multiline?: boolean } = {}): string | undefined {
  const found = (options.multiline ? FORBIDDEN_ANYWHERE : FORBIDDEN_IN_LINE).exec(text);
  return found ? describeCharacter(found[0]) : undefined;
}

/**
 * The text with every character the rule refuses written out as `\uXXXX`, for recording what a
 * refused request sent (a failed login's user name) without storing the character itself.
 */
export const visibleText = (text: string): string =>
  text.replace(new RegExp(FORBIDDEN_IN_LINE.source, 'gu'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * The first string anywhere inside a value (request variables, a parsed JSON filter) that breaks
 * the text rule, with its dotted path. Transport layers use it where they cannot know which field
 * is single-line, so it applies the multi-line rule; field schemas apply the stricter one.
 */
export function findForbiddenText(value: unknown, path: string[] = [], depth = 0): { field: string; problem: string } | undefined {
  if (typeof value === 'string') {
    const problem = forbiddenCharacter(value, { multiline: true });
    return problem ? { field: path.join('.') || '(input)', problem } : undefined;
  }
  // Request bodies are at most 1 MB and JSON nests shallowly; the depth bound only guards the stack.
  if (value === null || typeof value !== 'object' || depth > 64) return undefined;
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
  for (const [key, inner] of entries) {
    const keyProblem = forbiddenCharacter(key, { multiline: true });
    if (keyProblem) return { field: [...path, key].join('.'), problem: keyProblem };
    const found = findForbiddenText(inner, [...path, key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

interface TextOptions {
  /** Allow line breaks and tabs (a textarea: opinions, reasons, descriptions). */
  multiline?: boolean;
}

const withTextRule = (schema: z.ZodString, label: string, options: TextOptions) =>
  schema.refine((value) => !forbiddenCharacter(value, options), {
    error: (issue) => `${label}不能包含${forbiddenCharacter(String(issue.input), options)}`,
  });

export const requiredText = (label: string, max: number, options: TextOptions = {}) =>
  withTextRule(
    z
      .string({ error: typeError(label, '文本') })
      .trim()
      .min(1, { error: `${label}不能为空` })
      .max(max, { error: `${label}不能超过${max}个字` }),
    label,
    options,
  );

export const optionalText = (label: string, max: number, options: TextOptions = {}) =>
  withTextRule(
    z
      .string({ error: typeError(label, '文本') })
      .trim()
      .max(max, { error: `${label}不能超过${max}个字` }),
    label,
    options,
  ).default('');

export const integerIn = (label: string, min: number, max: number) =>
  z
    .number({ error: typeError(label, '数字') })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能小于${min}` })
    .max(max, { error: `${label}不能大于${max}` });

/** True for a real calendar day `YYYY-MM-DD` (2024-02-30 is not one, though Date.parse rolls it over). */
export const isCalendarDate = (value: string): boolean => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

/** A calendar date `YYYY-MM-DD`: the one date rule for every form and filter. */
export const calendarDate = (label: string) =>
  // One message per bad value: the format, or else the day that does not exist.
  z.string({ error: `${label}不能为空` }).superRefine((value, ctx) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) ctx.addIssue({ code: 'custom', message: `${label}格式应为 YYYY-MM-DD` });
    else if (!isCalendarDate(value)) ctx.addIssue({ code: 'custom', message: `${label}不是有效日期` });
  });

export const oneOf = <const T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}不在可选范围内`) });

/** Parses input with a schema, or throws a ValidationError listing every bad field. */
/**
 * A schema that depends on the day (an age judged today, a date not in the future), built once per
 * day: building a zod schema compiles its parsers (about a millisecond), which an import paid per
 * row (a 10,000-row student file: 12.7 s of parsing, 0.7 s with the schema kept). A schema is
 * immutable, so sharing it between calls changes no answer.
 */
export function schemaOfTheDay<S>(build: (today: string) => S): (today: string) => S {
  let last: { today: string; schema: S } | undefined;
  return (today) => {
    if (last?.today !== today) last = { today, schema: build(today) };
    return last.schema;
  };
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  throw new ValidationError(fields);
}
