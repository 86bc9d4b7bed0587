// The one error-code table: every failure a client can see, its GraphQL code and its Chinese message.
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ConcurrencyConflictError } from '../../commands/pipeline/errors';
import { UnconfirmedWarningsError } from '../../domain/personal-data/confirmable-warning';
import { DomainError, ValidationError } from '../../domain/shared/errors';

export const ERROR_CODES = {
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '无权执行此操作',
  BAD_USER_INPUT: '输入有误，请检查标注的字段',
  RULE_VIOLATION: '当前状态不允许此操作',
  WARNINGS_UNCONFIRMED: '有需要确认的提示',
  NOT_FOUND: '记录不存在',
  CONFLICT: '记录已被他人同时修改，请刷新后重试',
  GRAPHQL_PARSE_FAILED: '请求格式错误，无法解析',
  GRAPHQL_VALIDATION_FAILED: '请求不符合接口定义',
  QUERY_TOO_COMPLEX: '查询过深或过于复杂',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  INTERNAL_SERVER_ERROR: '系统内部错误，请稍后重试',
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

export const clientError = (code: ErrorCode, message: string = ERROR_CODES[code], extensions: Record<string, unknown> = {}) =>
  new GraphQLError(message, { extensions: { code, ...extensions } });

const DOMAIN_CODES: Record<string, ErrorCode> = {
  VALIDATION_FAILED: 'BAD_USER_INPUT',
  RULE_VIOLATION: 'RULE_VIOLATION',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
};

/**
 * Maps whatever a resolver threw to a client error. Known errors keep their Chinese message; any
 * other error is logged by the caller and reaches the client only as INTERNAL_SERVER_ERROR.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onInternal: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (original instanceof ValidationError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT', fields: original.fields } };
  }
  if (original instanceof UnconfirmedWarningsError) {
    // The console shows one checkbox per warning and sends the codes back in confirmedWarnings.
    return { ...base, message: original.message, extensions: { code: 'WARNINGS_UNCONFIRMED', warnings: original.warnings } };
  }
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { code: DOMAIN_CODES[original.code] ?? 'RULE_VIOLATION' } };
  }
  if (original instanceof ConcurrencyConflictError) return { ...base, message: original.message, extensions: { code: 'CONFLICT' } };
  // graphql-armor's token limit parses first and reports a syntax error as a validation failure.
  const syntaxError = formatted.message.startsWith('Syntax Error');
  const code = syntaxError ? 'GRAPHQL_PARSE_FAILED' : (formatted.extensions?.code as string | undefined);
  if (code && code in ERROR_CODES && code !== 'INTERNAL_SERVER_ERROR') {
    // Apollo's own parse/validation errors carry an English message that helps developers; keep it, lead with Chinese.
    const message = code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_USER_INPUT' && !formatted.extensions?.fields
      ? `${ERROR_CODES[code as ErrorCode]}：${formatted.message}`
      : formatted.message;
    return { ...base, message, extensions: { ...formatted.extensions, code } };
  }
  onInternal(original);
  return { ...base, message: ERROR_CODES.INTERNAL_SERVER_ERROR, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
