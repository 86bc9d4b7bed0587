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
  BAD_REQUEST: '请求格式错误',
  CSRF_CHECK_FAILED: '为防范跨站请求伪造（CSRF），此请求已被拒绝',
  METHOD_NOT_ALLOWED: '不支持此请求方法',
  UNSUPPORTED_MEDIA_TYPE: '不支持此请求内容类型',
  PAYLOAD_TOO_LARGE: '请求内容过大',
  OPERATION_RESOLUTION_FAILURE: '找不到要执行的操作',
  GRAPHQL_PARSE_FAILED: '请求格式错误，无法解析',
  GRAPHQL_VALIDATION_FAILED: '请求不符合接口定义',
  QUERY_TOO_COMPLEX: '查询过深或过于复杂',
  TOO_MANY_REQUESTS: '请求过于频繁，请稍后再试',
  REFERENCE_PHOTO_REFUSED: '人脸照片不合格，请重新拍摄',
  CAPTURE_REFUSED: '抓拍未受理',
  FACE_ENGINE_BUSY: '人脸识别服务繁忙，请稍后重试',
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

type Rewrite = [pattern: RegExp, code: ErrorCode, message: (match: RegExpExecArray) => string];

/**
 * Apollo Server refuses a malformed HTTP request (before any GraphQL runs) with code BAD_REQUEST and
 * an English message; each is the client's mistake and gets its own Chinese message here. The
 * status (400, 405, 415) is Apollo's. Matched on Apollo 5's messages: the API tests send each case,
 * so an upgrade that rewords one fails there instead of silently falling back to the generic text.
 */
const REQUEST_ERRORS: Rewrite[] = [
  [/^POST body missing/, 'BAD_REQUEST', () => '请求体为空或不是 JSON 对象：请以 Content-Type: application/json 发送 {"query": "…"}'],
  [/^GraphQL operations must contain a non-empty `query`/, 'BAD_REQUEST', () => '请求中没有 query（GraphQL 查询文本）'],
  [/^Operation batching disabled/, 'BAD_REQUEST', () => '不支持批量请求：请求体应为一个 JSON 对象，而不是数组'],
  [/^No operations found in request/, 'BAD_REQUEST', () => '请求中没有任何操作'],
  [/^GraphQL queries must be strings/, 'BAD_REQUEST', () => 'query 必须是字符串（GraphQL 查询文本）'],
  [/^`(variables|extensions)` in a POST body should be provided as an object, not a recursively/, 'BAD_REQUEST', (m) => `${m[1]} 必须是 JSON 对象，而不是编码成字符串的 JSON`],
  [/^`(variables|extensions)` in a POST body must be an object/, 'BAD_REQUEST', (m) => `${m[1]} 必须是 JSON 对象`],
  [/^`operationName` in a POST body must be a string/, 'BAD_REQUEST', () => 'operationName 必须是字符串'],
  [/^The '(\w+)' search parameter may only be specified once/, 'BAD_REQUEST', (m) => `查询参数 ${m[1]} 只能出现一次`],
  [/^The (\w+) search parameter contains invalid JSON/, 'BAD_REQUEST', (m) => `查询参数 ${m[1]} 不是合法的 JSON`],
  [/^The (\w+) search parameter should contain a JSON-encoded object/, 'BAD_REQUEST', (m) => `查询参数 ${m[1]} 应为 JSON 对象`],
  [/^GET requests may not have a content-type header/, 'UNSUPPORTED_MEDIA_TYPE', () => 'GET 请求的 Content-Type 只能是 application/json'],
  [/^Apollo Server supports only GET\/POST requests/, 'METHOD_NOT_ALLOWED', () => '只支持 GET 和 POST 请求'],
  [/^GET requests only support query operations/, 'METHOD_NOT_ALLOWED', () => 'GET 请求只能执行查询（query）；修改操作（mutation）请用 POST 发送'],
  [/^An 'accept' header was provided/, 'BAD_REQUEST', () => 'Accept 请求头须接受 application/json'],
  [/incremental delivery/, 'BAD_REQUEST', () => '不支持增量传输（@defer / @stream）'],
  [
    /^This operation has been blocked as a potential Cross-Site Request Forgery/,
    'CSRF_CHECK_FAILED',
    () => `${ERROR_CODES.CSRF_CHECK_FAILED}：请以 Content-Type: application/json 的 POST 发送，或在 GET 请求中加上 apollo-require-preflight 请求头`,
  ],
];

const OPERATION_ERRORS: Rewrite[] = [
  [/^Unknown operation named "(.*)"/, 'OPERATION_RESOLUTION_FAILURE', (m) => `请求中没有名为“${m[1]}”的操作`],
  [/^Must provide operation name/, 'OPERATION_RESOLUTION_FAILURE', () => '请求含多个操作时须用 operationName 指明执行哪一个'],
];

/** graphql-armor's limits (validation rules) and graphql-js' token limit (a syntax error; graphql 16 spells it "more that"). */
const LIMIT_ERRORS: Rewrite[] = [
  [/^Syntax Error: Document contains more tha[nt] (\d+) tokens/, 'QUERY_TOO_COMPLEX', (m) => `查询过长：超过 ${m[1]} 个词法单元（token）的上限，请拆分查询`],
  [/^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_COMPLEX', (m) => `查询嵌套过深：上限 ${m[1]} 层，实际 ${m[2]} 层`],
  [/^Syntax Error: Query Cost limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_COMPLEX', (m) => `查询过于复杂：成本上限 ${m[1]}，实际 ${m[2]}`],
  [/^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_COMPLEX', (m) => `别名过多：上限 ${m[1]} 个，实际 ${m[2]} 个`],
  [/^Syntax Error: Directives limit of (\d+) exceeded, found (\d+)/, 'QUERY_TOO_COMPLEX', (m) => `指令过多：上限 ${m[1]} 个，实际 ${m[2]} 个`],
];

const rewrite = (table: Rewrite[], message: string): { code: ErrorCode; message: string } | undefined => {
  for (const [pattern, code, text] of table) {
    const match = pattern.exec(message);
    if (match) return { code, message: text(match) };
  }
  return undefined;
};

/** Codes Apollo clients act on by exact code and message (automatic persisted queries): passed on untouched. */
const PASS_THROUGH = new Set(['PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED']);

/**
 * Maps whatever a resolver threw, or Apollo refused, to a client error. Known errors keep their
 * Chinese message; any other error is logged by the caller and reaches the client only as
 * INTERNAL_SERVER_ERROR. No stack trace ever leaves here (Apollo adds one to `extensions` unless
 * NODE_ENV is production or test; the server also turns that off, see api/http/app.ts).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, onInternal: (error: unknown) => void): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
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
  const apolloCode = extensions.code as string | undefined;
  if (apolloCode && PASS_THROUGH.has(apolloCode)) return { ...base, extensions };
  const rewritten =
    (apolloCode === 'BAD_REQUEST' && rewrite(REQUEST_ERRORS, formatted.message)) ||
    (apolloCode === 'OPERATION_RESOLUTION_FAILURE' && rewrite(OPERATION_ERRORS, formatted.message)) ||
    rewrite(LIMIT_ERRORS, formatted.message);
  if (rewritten) return { ...base, message: rewritten.message, extensions: { ...extensions, code: rewritten.code } };
  // A syntax error is a parse failure wherever it was raised.
  const code = formatted.message.startsWith('Syntax Error') ? 'GRAPHQL_PARSE_FAILED' : apolloCode;
  if (code && code in ERROR_CODES && code !== 'INTERNAL_SERVER_ERROR') {
    // Apollo's own parse/validation errors carry an English message that helps developers; keep it, lead with Chinese.
    const message = code === 'GRAPHQL_PARSE_FAILED' || code === 'GRAPHQL_VALIDATION_FAILED' || code === 'BAD_REQUEST' || code === 'OPERATION_RESOLUTION_FAILURE' || (code === 'BAD_USER_INPUT' && !extensions.fields)
      ? `${ERROR_CODES[code as ErrorCode]}：${formatted.message}`
      : formatted.message;
    return { ...base, message, extensions: { ...extensions, code } };
  }
  onInternal(original);
  return { ...base, message: ERROR_CODES.INTERNAL_SERVER_ERROR, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
