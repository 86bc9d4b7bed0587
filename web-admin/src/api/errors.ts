// One reading of the server's errors: GraphQL `errors[0].extensions.code` (and `fields` for
// BAD_USER_INPUT), or the REST error body of /auth, or a network failure. Messages shown to the
// user are the server's Chinese messages; codes without one get the table below.
import { ApolloError } from '@apollo/client/core';

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'RULE_VIOLATION'
  | 'WARNINGS_UNCONFIRMED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'TOO_MANY_REQUESTS'
  | 'NETWORK'
  | 'INTERNAL_SERVER_ERROR';

export interface FieldError {
  field: string;
  message: string;
}

/** A check not certain enough to refuse a value (a bank card failing Luhn): the user confirms it and the form is sent again. */
export interface ConfirmableWarning {
  code: string;
  message: string;
  field?: string | null;
}

export interface ConsoleError {
  code: ErrorCode | string;
  message: string;
  fields: FieldError[];
  /** WARNINGS_UNCONFIRMED: what the user must confirm (their codes go back in `confirmedWarnings`). */
  warnings?: ConfirmableWarning[];
}

/**
 * The server answers a record outside the user's scope exactly as a missing one (NOT_FOUND, or
 * null from a detail query); a record page says the same for both.
 */
export const RECORD_NOT_FOUND: ConsoleError = { code: 'NOT_FOUND', message: '记录不存在或不在您的数据权限范围内', fields: [] };

const FALLBACK: Record<string, string> = {
  UNAUTHENTICATED: '登录已失效，请重新登录',
  FORBIDDEN: '无权执行此操作',
  BAD_USER_INPUT: '输入有误，请检查标注的字段',
  RULE_VIOLATION: '当前状态不允许此操作',
  WARNINGS_UNCONFIRMED: '有需要确认的提示，请核对后勾选确认',
  NOT_FOUND: '记录不存在',
  CONFLICT: '记录已被他人同时修改，请刷新后重试',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  NETWORK: '无法连接服务器，请检查网络后重试',
  INTERNAL_SERVER_ERROR: '系统内部错误，请稍后重试',
};

interface RawError {
  message?: string;
  extensions?: { code?: string; fields?: FieldError[]; warnings?: ConfirmableWarning[] };
}

const hasChinese = (text: string | undefined): text is string => Boolean(text && /[\u4e00-\u9fa5]/.test(text));

function fromRaw(raw: RawError | undefined, fallbackCode: string): ConsoleError {
  const code = raw?.extensions?.code ?? fallbackCode;
  const message = hasChinese(raw?.message) ? raw.message : (FALLBACK[code] ?? FALLBACK.INTERNAL_SERVER_ERROR!);
  const warnings = Array.isArray(raw?.extensions?.warnings) ? raw.extensions.warnings : undefined;
  return { code, message, fields: Array.isArray(raw?.extensions?.fields) ? raw.extensions.fields : [], ...(warnings ? { warnings } : {}) };
}

/** Whatever a query, a mutation or a fetch threw, as code + Chinese message + field errors. */
export function toConsoleError(error: unknown): ConsoleError {
  if (error instanceof ApolloError) {
    if (error.graphQLErrors.length > 0) return fromRaw(error.graphQLErrors[0] as RawError, 'INTERNAL_SERVER_ERROR');
    const network = error.networkError as (Error & { statusCode?: number; result?: { errors?: RawError[] } }) | null;
    const body = network?.result?.errors?.[0];
    if (body) return fromRaw(body, 'INTERNAL_SERVER_ERROR');
    if (network?.statusCode === 401) return fromRaw(undefined, 'UNAUTHENTICATED');
    return fromRaw(undefined, 'NETWORK');
  }
  if (isConsoleError(error)) return error;
  return fromRaw(undefined, 'NETWORK');
}

export const isConsoleError = (value: unknown): value is ConsoleError =>
  typeof value === 'object' && value !== null && 'code' in value && 'message' in value && 'fields' in value;

/** Field errors as a map from field path to message, for `el-form-item :error`. */
export const fieldErrorMap = (error: ConsoleError | undefined): Record<string, string> =>
  Object.fromEntries((error?.fields ?? []).map((f) => [f.field, f.message]));
