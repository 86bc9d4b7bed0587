// The one way input is validated: zod schemas in the domain, with messages written in Chinese per
// field (zod's own zh-CN messages read like "期望 string >=2 字符", which is not for end users).
import { z } from 'zod';
import { ValidationError, type FieldError } from './errors';

/** Message for a missing value or one of the wrong type. */
const typeError = (label: string, kind: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}必须是${kind}`;

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: typeError(label, '文本') })
    .trim()
    .min(1, { error: `${label}不能为空` })
    .max(max, { error: `${label}不能超过${max}个字` });

export const optionalText = (label: string, max: number) =>
  z
    .string({ error: typeError(label, '文本') })
    .trim()
    .max(max, { error: `${label}不能超过${max}个字` })
    .default('');

export const integerIn = (label: string, min: number, max: number) =>
  z
    .number({ error: typeError(label, '数字') })
    .int({ error: `${label}必须是整数` })
    .min(min, { error: `${label}不能小于${min}` })
    .max(max, { error: `${label}不能大于${max}` });

export const oneOf = <const T extends readonly [string, ...string[]]>(label: string, values: T) =>
  z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === null ? `${label}不能为空` : `${label}不在可选范围内`) });

/** Parses input with a schema, or throws a ValidationError listing every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: FieldError[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(input)',
    message: issue.message,
  }));
  throw new ValidationError(fields);
}
