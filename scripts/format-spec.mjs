// Finishes the spec tsoa writes, for what tsoa 6 cannot say from decorators:
//  - every /v1 answer carries the IETF RateLimit headers (src/common/rate-limit.ts sends them on every /v1
//    route) and a 429 carries Retry-After; tsoa declares response headers only from inline type literals;
//  - report exports (operations marked x-export) also answer text/csv and application/x-ndjson;
//  - error answers are application/problem+json (src/common/error-handler.ts); tsoa ignores the media type
//    of class-level @Response decorators;
// then re-indents with two spaces (tsoa writes tabs) so that it diffs and lints cleanly.
import fs from 'node:fs';

const file = process.argv[2] ?? 'openapi/openapi.json';
const spec = JSON.parse(fs.readFileSync(file, 'utf8'));

spec.components.headers = {
  RateLimit: {
    description: 'The caller\'s remaining quota in the current window (IETF draft-ietf-httpapi-ratelimit-headers-08), e.g. `"600-in-1min";r=598;t=42`.',
    schema: { type: 'string', maxLength: 200 },
  },
  'RateLimit-Policy': {
    description: 'The quota policy: requests per window, e.g. `"600-in-1min";q=600;w=60`.',
    schema: { type: 'string', maxLength: 200 },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 3600 },
  },
};

const PROBLEM = '#/components/schemas/ProblemDetails';
// Files up and down (powers of attorney): binary, at most the 10 MB the upload limit allows.
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const binary = (schema) => Object.assign(schema, { type: 'string', format: 'binary', maxLength: MAX_FILE_BYTES });
const schemaOf = (ref) => spec.components.schemas[ref.replace('#/components/schemas/', '')];
for (const [path, operations] of Object.entries(spec.paths)) {
  if (!path.startsWith('/v1/')) continue;
  for (const operation of Object.values(operations)) {
    // Reports (x-export) answer a JSON page, or stream CSV (text) or NDJSON (one row object per line).
    if (operation['x-export']) {
      const ok = operation.responses['200'].content;
      const page = ok['application/json'].schema.$ref;
      ok['text/csv'] = { schema: { type: 'string', maxLength: 2147483647, description: 'UTF-8 CSV with a header row; the columns of one row of `data`.' } };
      // One JSON object per line, each a row of `data`.
      ok['application/x-ndjson'] = { schema: schemaOf(page).properties.data.items };
    }
    for (const field of Object.values(operation.requestBody?.content?.['multipart/form-data']?.schema?.properties ?? {})) {
      if (field.format === 'binary') binary(field);
    }
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      if (response.content?.['application/pdf']) binary(response.content['application/pdf'].schema);
      const json = response.content?.['application/json'];
      if (json?.schema?.$ref === PROBLEM) {
        response.content = { 'application/problem+json': json };
      }
      if (/^[24]/.test(status)) {
        response.headers = {
          ...response.headers,
          RateLimit: { $ref: '#/components/headers/RateLimit' },
          'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
          ...(status === '429' ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
        };
      }
    }
  }
}

fs.writeFileSync(file, `${JSON.stringify(spec, null, 2)}\n`);
