// Checks each request the stand-in receives and each response it sends against Meilisearch's own
// OpenAPI description (a fixture copied into the project, see testing/fixtures/meilisearch-open-api).
/* eslint-disable @typescript-eslint/no-explicit-any */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { applyErrata } from './openapi-errata';

const DESCRIPTION = new URL('../fixtures/meilisearch-open-api/open-api-1.15.2.json', import.meta.url);
const ROOT = 'meilisearch-openapi';

export interface Operation {
  key: string;
  method: string;
  template: string;
  pathParams: Record<string, string>;
  spec: any;
}

export interface IncomingRequest {
  query: Record<string, unknown>;
  body: unknown;
  hasBody: boolean;
  contentType: string | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const unsigned = (bits: number) => (n: number) => Number.isInteger(n) && n >= 0 && n < 2 ** bits;

/** Refs point at `#/components/schemas/X`; here the schemas live under `$defs` of one root schema. */
function rebase(schema: any, prefix: string): any {
  if (Array.isArray(schema)) return schema.map((s) => rebase(s, prefix));
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${prefix}#/$defs/`) : rebase(v, prefix),
      ]),
    );
  }
  return schema;
}

function coerce(value: unknown, schema: any): unknown {
  if (typeof value !== 'string') return value;
  const types = [schema?.type].flat();
  if ((types.includes('integer') || types.includes('number')) && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictTuples: false, allowUnionTypes: true });
  private readonly document: any;
  private readonly routes: { method: string; template: string; pattern: RegExp; names: string[] }[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.document = applyErrata(JSON.parse(readFileSync(DESCRIPTION, 'utf8')));
    this.ajv.addKeyword('example');
    this.ajv.addFormat('date-time', RFC3339);
    this.ajv.addFormat('uuid', /^[0-9a-f-]{36}$/i);
    this.ajv.addFormat('password', /.*/);
    for (const [name, bits] of [['u-int8', 8], ['u-int32', 32], ['u-int64', 53]] as const) {
      this.ajv.addFormat(name, { type: 'number', validate: unsigned(bits) });
    }
    for (const name of ['float', 'double']) this.ajv.addFormat(name, { type: 'number', validate: Number.isFinite });
    this.ajv.addSchema({ $id: ROOT, $defs: rebase(this.document.components.schemas, '') });
    for (const [template, item] of Object.entries<any>(this.document.paths)) {
      const names: string[] = [];
      const pattern = new RegExp(
        `^${template.replace(/\{(\w+)\}/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        })}$`,
      );
      for (const method of Object.keys(item)) this.routes.push({ method: method.toUpperCase(), template, pattern, names });
    }
    // A literal segment wins over a parameter (`/tasks/cancel` is not `/tasks/{taskUid}`).
    this.routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));
  }

  match(method: string, path: string): Operation | undefined {
    for (const route of this.routes) {
      const found = route.method === method && route.pattern.exec(path);
      if (found) {
        const pathParams = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(found[i + 1]!)]));
        const spec = this.document.paths[route.template][method.toLowerCase()];
        return { key: `${method} ${route.template}`, method, template: route.template, pathParams, spec };
      }
    }
    return undefined;
  }

  private validator(key: string, schema: any): ValidateFunction {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(rebase(schema, ROOT));
      this.compiled.set(key, validate);
    }
    return validate;
  }

  private check(key: string, schema: any, value: unknown, where: string): string[] {
    const validate = this.validator(key, schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${where}${e.instancePath} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }

  validateRequest(operation: Operation, request: IncomingRequest): string[] {
    const errors: string[] = [];
    const parameters: any[] = operation.spec.parameters ?? [];
    for (const parameter of parameters) {
      const value = parameter.in === 'path' ? operation.pathParams[parameter.name] : parameter.in === 'query' ? request.query[parameter.name] : undefined;
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      if (value === undefined) {
        if (parameter.required) errors.push(`${parameter.in} parameter ${parameter.name} is required`);
        continue;
      }
      const key = `${operation.key} ${parameter.in} ${parameter.name}`;
      errors.push(...this.check(key, parameter.schema ?? {}, coerce(value, parameter.schema), `${parameter.in} ${parameter.name}`));
    }
    for (const name of Object.keys(request.query)) {
      if (!parameters.some((p) => p.in === 'query' && p.name === name)) errors.push(`query parameter ${name} is not documented`);
    }
    const body = operation.spec.requestBody;
    if (!body) {
      if (request.hasBody) errors.push('a body was sent to an operation that takes none');
      return errors;
    }
    if (!request.hasBody) {
      if (body.required) errors.push('the request body is required');
      return errors;
    }
    const mediaType = request.contentType?.split(';')[0]?.trim() ?? '';
    const content = body.content?.[mediaType];
    if (!content) return [...errors, `content type ${mediaType || '(none)'} is not documented; expected ${Object.keys(body.content ?? {}).join(', ')}`];
    errors.push(...this.check(`${operation.key} body`, content.schema ?? {}, request.body, 'body'));
    return errors;
  }

  validateResponse(operation: Operation, status: number, body: unknown): string[] {
    const responses = operation.spec.responses ?? {};
    // Errata: 202 is documented as 200; undocumented error statuses still carry a ResponseError.
    const documented = responses[String(status)] ?? (status === 202 ? responses['200'] : undefined);
    if (!documented) {
      if (status >= 400) return this.check('ResponseError', { $ref: '#/components/schemas/ResponseError' }, body, 'response');
      return [`status ${status} is not documented for ${operation.key}`];
    }
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return body === undefined ? [] : [`${operation.key} documents no body for ${status}`];
    return this.check(`${operation.key} ${status} response`, schema, body, 'response');
  }
}
