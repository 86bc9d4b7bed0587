// Where Meilisearch's generated OpenAPI description (v1.15.2) disagrees with the server it
// describes. Each entry says what the server does, so the stand-in validates against what a real
// server accepts and sends. Everything not listed here is checked exactly as described.
/* eslint-disable @typescript-eslint/no-explicit-any */

type OpenApi = any;

export interface Erratum {
  what: string;
  why: string;
  apply(document: OpenApi): void;
}

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

export const ERRATA: Erratum[] = [
  {
    what: 'POST /indexes/{indexUid}/documents/delete-batch is listed as /indexes/{indexUid}/delete-batch',
    why: 'the server registers delete-batch inside the /documents scope; meilisearch-js and the API reference use /documents/delete-batch',
    apply(d) {
      d.paths['/indexes/{indexUid}/documents/delete-batch'] = d.paths['/indexes/{indexUid}/delete-batch'];
      delete d.paths['/indexes/{indexUid}/delete-batch'];
    },
  },
  {
    what: 'csvDelimiter is marked required on document additions',
    why: 'it only applies to CSV payloads and defaults to ","; JSON additions never send it',
    apply(d) {
      for (const method of ['post', 'put']) {
        for (const parameter of d.paths['/indexes/{indexUid}/documents'][method].parameters) {
          if (parameter.name === 'csvDelimiter') parameter.required = false;
        }
      }
    },
  },
  {
    what: 'SearchQuery properties are snake_case and every defaulted field is required',
    why: 'the server deserialises camelCase with defaults and denies unknown fields (deserr rename_all = camelCase, deny_unknown_fields); later descriptions add #[schema(rename_all = "camelCase")]',
    apply(d) {
      const schema = d.components.schemas.SearchQuery;
      schema.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [camel(k), v]));
      delete schema.required;
      schema.additionalProperties = false;
    },
  },
  {
    what: 'AttributePatterns (localizedAttributes[].attributePatterns) is an object {patterns: [...]}',
    why: 'the server (de)serialises the newtype transparently as a plain array of strings, as the API reference and meilisearch-js show',
    apply(d) {
      d.components.schemas.AttributePatterns = { type: 'array', items: { type: 'string' } };
    },
  },
  {
    what: 'TaskView.startedAt and finishedAt are plain strings',
    why: 'the server sends null until the task starts / finishes (Option<OffsetDateTime>)',
    apply(d) {
      const properties = d.components.schemas.TaskView.properties;
      for (const key of ['startedAt', 'finishedAt']) properties[key] = { ...properties[key], type: ['string', 'null'] };
    },
  },
  {
    what: 'DetailsView is allOf [Settings (closed), details], so no task but a settings update can be described',
    why: 'the server flattens one details variant per task type; the settings part only applies to settingsUpdate tasks',
    apply(d) {
      const detailsView = d.components.schemas.DetailsView;
      detailsView.allOf[0] = { anyOf: [{ type: 'null' }, { type: 'object' }] };
    },
  },
  {
    what: 'asynchronous operations are documented as answering 200',
    why: 'the server answers 202 Accepted with the summarized task (HttpResponse::Accepted), as the API reference says',
    apply() {
      /* applied by the validator: a 202 response is checked against the documented 200 */
    },
  },
  {
    what: 'error statuses other than 401/404 are not listed per operation',
    why: 'every error the server returns is a ResponseError (400 invalid_search_filter, 415 invalid_content_type, ...)',
    apply() {
      /* applied by the validator: an undocumented 4xx/5xx body is checked against ResponseError */
    },
  },
];

export function applyErrata(document: OpenApi): OpenApi {
  const copy = structuredClone(document);
  for (const erratum of ERRATA) erratum.apply(copy);
  return copy;
}
