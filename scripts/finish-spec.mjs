// The documented post-processing of tsoa's output (run by format-spec.mjs, so by `npm run generate` and by the
// drift check): what tsoa 6 cannot say itself. Each step is a function of the spec alone, so the result is exactly
// reproducible from the code and tsoa.json.

const EVENT_SCHEMA_UNION = 'PartnerwebEvent';
const TEST_EVENT_SCHEMA = 'WebhookTestEventPayload';

/** Calls `visit` on every schema object under `node` (depth first, parents before children). */
function walkSchemas(node, visit) {
  if (Array.isArray(node)) return node.forEach((item) => walkSchemas(item, visit));
  if (!node || typeof node !== 'object') return;
  visit(node);
  for (const value of Object.values(node)) walkSchemas(value, visit);
}

/**
 * OpenAPI 3.0 → 3.1 (tsoa 6 writes 3.0): 3.1 carries `webhooks`, and its schemas are JSON Schema 2020-12, where
 * `nullable` becomes a `null` type. `nullable` beside `allOf` (a nullable reference) becomes `anyOf` with null.
 */
function toOpenApi31(spec) {
  spec.openapi = '3.1.0';
  walkSchemas(spec, (schema) => {
    if (!('nullable' in schema) || typeof schema.nullable !== 'boolean') return;
    const nullable = schema.nullable;
    delete schema.nullable;
    if (!nullable) return;
    if (typeof schema.type === 'string') {
      schema.type = [schema.type, 'null'];
      if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum.push(null);
    } else if (schema.allOf || schema.$ref || schema.anyOf || schema.oneOf) {
      const inner = {};
      for (const key of ['allOf', '$ref', 'anyOf', 'oneOf']) {
        if (key in schema) {
          inner[key] = schema[key];
          delete schema[key];
        }
      }
      const alternatives = inner.anyOf ?? inner.oneOf ?? [inner.allOf?.length === 1 ? inner.allOf[0] : inner];
      schema.anyOf = [...alternatives, { type: 'null' }];
    }
  });
}

const SIGNATURE_HEADERS = [
  [
    'webhook-id',
    'The event id (`msg_…`): the same on every attempt and in the events feed; ignore an id you have seen.',
    'msg_2f1e0d9c8b7a69584736251403f2e1d0',
  ],
  [
    'webhook-timestamp',
    'Unix seconds when this attempt was signed; refuse one more than five minutes off.',
    '1763629443',
  ],
  [
    'webhook-signature',
    'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `<webhook-id>.<webhook-timestamp>.<body>` with your endpoint secret (two during a secret rotation).',
    'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4=',
  ],
];

/**
 * Every webhook event type as an OpenAPI 3.1 webhook, its body the event's named schema (tsoa generates the
 * schemas from src/webhooks/webhook-event.dto.ts, reached through GET /v1/events and the test event). The event
 * union gets its discriminator, `type`.
 */
function addWebhooks(spec) {
  const schemas = spec.components.schemas;
  const union = schemas[EVENT_SCHEMA_UNION];
  const members = union?.anyOf ?? union?.oneOf;
  if (!members) throw new Error(`finish-spec: the schema ${EVENT_SCHEMA_UNION} (a union of event schemas) is missing`);
  const refs = [...members.map((member) => member.$ref), `#/components/schemas/${TEST_EVENT_SCHEMA}`];
  const mapping = {};
  spec.webhooks = {};
  for (const ref of refs) {
    const name = ref.split('/').pop();
    const schema = schemas[name];
    const type = schema?.properties?.type?.enum?.[0];
    if (!type) throw new Error(`finish-spec: the event schema ${name} has no literal type`);
    if (name !== TEST_EVENT_SCHEMA) mapping[type] = ref;
    spec.webhooks[type] = {
      post: {
        operationId: `webhook_${type.replace(/\.(\w)/g, (_, c) => c.toUpperCase())}`,
        summary: `${type}`,
        description: `${schema.description ?? ''}\n\nPOSTed to each of your endpoints subscribed to \`${type}\`${type === 'webhook.test' ? ' (only to the endpoint you test)' : ', and listed in GET /v1/events'}. Signed as the Standard Webhooks spec says; answer 2xx within 10 seconds, or the delivery is retried (about three days); 410 Gone disables the endpoint.`,
        tags: ['Webhooks'],
        security: [],
        parameters: SIGNATURE_HEADERS.map(([name, description, example]) => ({
          name,
          in: 'header',
          required: true,
          description,
          schema: { type: 'string', maxLength: 1000 },
          example,
        })),
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: ref } } } },
        responses: {
          200: { description: 'Received (any 2xx will do)' },
          410: { description: 'Gone: the endpoint is disabled and sent nothing more' },
        },
      },
    };
  }
  schemas[EVENT_SCHEMA_UNION] = { ...union, oneOf: members, discriminator: { propertyName: 'type', mapping } };
  delete schemas[EVENT_SCHEMA_UNION].anyOf;
}

/** Marks what src/common/deprecation.ts lists as deprecated, with its sunset date in the description. */
function markDeprecated(spec, deprecations) {
  for (const d of deprecations) {
    const operation = spec.paths[d.path]?.[d.method.toLowerCase()];
    if (!operation) throw new Error(`finish-spec: deprecated ${d.method} ${d.path} is not in the spec`);
    const note = `\n\nDeprecated since ${d.since.slice(0, 10)}; works until ${d.sunset.slice(0, 10)} (Sunset). See ${d.link}.`;
    if (!d.parameter) {
      operation.deprecated = true;
      operation.description = (operation.description ?? '') + note;
      continue;
    }
    const parameter = operation.parameters?.find((p) => p.name === d.parameter && p.in === 'query');
    if (!parameter)
      throw new Error(`finish-spec: deprecated parameter ${d.parameter} of ${d.method} ${d.path} is not in the spec`);
    parameter.deprecated = true;
    parameter.description = (parameter.description ?? '') + note;
    operation['x-deprecated-parameters'] = [...(operation['x-deprecated-parameters'] ?? []), d.parameter];
  }
}

const SERVERS = [
  {
    url: '/',
    description: 'The server this document is served from (local development: npm start)',
    'x-internal': false,
  },
  {
    url: 'https://sandbox.partnerweb.example.no',
    description: 'Sandbox: test data, the same API (placeholder address)',
    'x-internal': false,
  },
  { url: 'https://api.partnerweb.example.no', description: 'Production (placeholder address)', 'x-internal': false },
];

/** The headers the API really sends, declared once and referenced from every response that carries them. */
const HEADERS = {
  'Request-Id': {
    description:
      'The id of this request (yours when you sent a safe `Request-Id`, otherwise a new UUID); quote it to support.',
    schema: { type: 'string', maxLength: 128 },
    example: '9f1c2e7a-3d44-4b6b-8a51-0c6f7e2d1a90',
  },
  RateLimit: {
    description:
      'IETF RateLimit header (draft 8): what is left of your quota in the current window, and when the window resets.',
    schema: { type: 'string', maxLength: 200 },
    example: '"600-in-1min"; r=599; t=60',
  },
  'RateLimit-Policy': {
    description: 'IETF RateLimit-Policy header (draft 8): your quota, requests per window (per API client).',
    schema: { type: 'string', maxLength: 200 },
    example: '"600-in-1min"; q=600; w=60',
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', format: 'int32', minimum: 0, maximum: 86400 },
    example: 30,
  },
  ETag: {
    description: "The order's version, for `If-Match` on a change.",
    schema: { type: 'string', maxLength: 20 },
    example: '"2"',
  },
  'Idempotent-Replayed': {
    description:
      'Present, `true`, when this answer is the stored first answer to a request with the same Idempotency-Key.',
    schema: { type: 'string', enum: ['true'] },
    example: 'true',
  },
  Location: {
    description: 'The address of the resource made.',
    schema: { type: 'string', maxLength: 200 },
    example: '/v1/webhook-endpoints/0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a',
  },
  Deprecation: {
    description:
      'RFC 9745: this operation is deprecated, since the given time (`@<unix seconds>`). See the versioning policy.',
    schema: { type: 'string', maxLength: 40 },
    example: '@1798761600',
  },
  Sunset: {
    description:
      'RFC 8594: after this time the deprecated operation may stop answering (at least six months after its deprecation).',
    schema: { type: 'string', maxLength: 40 },
    example: 'Wed, 30 Jun 2027 23:59:59 GMT',
  },
};

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const operations = (spec) =>
  Object.entries(spec.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, operation: item[method] })),
  );
const ref = (name) => ({ $ref: `#/components/headers/${name}` });
const resolve = (spec, schema) => (schema?.$ref ? spec.components.schemas[schema.$ref.split('/').pop()] : schema);

const hasHeader = (operation, name) => (operation.parameters ?? []).some((p) => p.in === 'header' && p.name === name);

/** Whether an operation can answer with a problem code, by the registry's `arises` (src/common/problem.ts). */
function arisesIn(problem, operation) {
  const { arises } = problem;
  if (Array.isArray(arises)) return arises.includes(operation.operationId);
  if (arises === 'any') return true;
  if (arises === 'body') return Boolean(operation.requestBody);
  if (arises === 'idempotency-key') return hasHeader(operation, 'Idempotency-Key');
  if (arises === 'if-match') return hasHeader(operation, 'If-Match');
  if (arises === 'scope') return (operation.security ?? []).some((requirement) => 'oauth2' in requirement);
  return false; // 'token-endpoint': POST /oauth/token is described in the README, not in the spec documents
}

/** The codes of the registry an operation can answer with a status: those its error examples name. */
export function problemCodes(problems, operation, status) {
  return Object.entries(problems)
    .filter(([, problem]) => problem.status === Number(status) && arisesIn(problem, operation))
    .map(([code]) => code);
}

/**
 * A problem answer's examples for a status: one per code of the registry this operation can answer with (a 409 of
 * an approval is `order-not-pending` or `idempotency-key-in-flight`, never `duplicate-document`). A declared error
 * status that no code of the registry explains is an error in the registry or the controller: the build stops.
 */
function problemExamples(problems, status, path, operation) {
  const codes = problemCodes(problems, operation, status);
  if (!codes.length)
    throw new Error(`finish-spec: ${operation.operationId} declares ${status}, but no problem code arises there`);
  const value = (code) => ({
    type: `/problems/${code}`,
    code,
    title: problems[code].title,
    status: problems[code].status,
    detail: problems[code].title + '.',
    instance: path.replace(/\{[^}]+\}/g, '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11'),
    requestId: '9f1c2e7a-3d44-4b6b-8a51-0c6f7e2d1a90',
  });
  if (codes.length === 1) return { example: value(codes[0]) };
  return {
    examples: Object.fromEntries(codes.map((code) => [code, { summary: problems[code].title, value: value(code) }])),
  };
}

/**
 * Errors are `application/problem+json` (tsoa writes `application/json` for errors declared on a controller);
 * every operation that takes an Idempotency-Key may answer 422 when the key was used for another request, and
 * every operation may answer 503 when the database is unreachable; every response declares the headers the
 * API sends (src/common/request-id.ts, rate-limit.ts, etag.ts, idempotency.ts, deprecation.ts).
 */
function declareResponses(spec, problems) {
  spec.components.headers = HEADERS;
  for (const { path, operation } of operations(spec)) {
    const idempotent = hasHeader(operation, 'Idempotency-Key');
    // The same answer wherever a key is taken (src/idempotency/): declared here once, not on each controller method.
    if (idempotent)
      operation.responses['422'] ??= {
        description: 'This Idempotency-Key was used for another request',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
      };
    operation.responses['503'] ??= {
      description: 'The database cannot be reached just now; retry after Retry-After',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } },
    };
    for (const [status, response] of Object.entries(operation.responses)) {
      const code = Number(status);
      if (code >= 400 && response.content?.['application/json']) {
        response.content = { 'application/problem+json': response.content['application/json'] };
      }
      const headers = {
        'Request-Id': ref('Request-Id'),
        RateLimit: ref('RateLimit'),
        'RateLimit-Policy': ref('RateLimit-Policy'),
      };
      if (code === 429 || code === 503 || (code === 409 && idempotent)) headers['Retry-After'] = ref('Retry-After');
      if (
        code < 300 &&
        resolve(spec, response.content?.['application/json']?.schema) === spec.components.schemas.OrderDetail
      )
        headers.ETag = ref('ETag');
      if (code === 201) headers.Location = ref('Location');
      if (idempotent && code < 500) headers['Idempotent-Replayed'] = ref('Idempotent-Replayed');
      if (operation.deprecated || operation['x-deprecated-parameters'])
        Object.assign(headers, { Deprecation: ref('Deprecation'), Sunset: ref('Sunset') });
      response.headers = { ...headers, ...response.headers };
      const problem = response.content?.['application/problem+json'];
      if (problem && !problem.example && !problem.examples)
        Object.assign(problem, problemExamples(problems, status, path, operation));
    }
  }
}

const SYNTHETIC = {
  'date-time': '2026-11-20T09:14:03.120Z',
  date: '2026-11-20',
  uuid: '3b0a7d5e-6f0b-4b8e-9a55-2f8f0d1c6a11',
  email: 'post@example.no',
  uri: 'https://epj.example.no/hooks/partnerweb',
};

/** An example value for a schema, made from the examples of its parts (those come from the code's JSDoc). */
function synthesize(spec, schema, depth = 0) {
  if (!schema || depth > 30) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (schema.$ref) return synthesize(spec, resolve(spec, schema), depth + 1);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return synthesize(spec, alternatives.find((a) => a.type !== 'null') ?? alternatives[0], depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((part) => synthesize(spec, part, depth + 1)));
  if (schema.enum) return schema.enum.find((v) => v !== null);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type === 'object' || schema.properties) {
    const value = {};
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const example = synthesize(spec, property, depth + 1);
      if (example !== undefined) value[name] = example;
    }
    return value;
  }
  if (type === 'array') {
    const item = synthesize(spec, schema.items, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (type === 'string') return schema.format === 'binary' ? undefined : (SYNTHETIC[schema.format] ?? 'text');
  if (type === 'integer' || type === 'number') return schema.minimum ?? 1;
  if (type === 'boolean') return true;
  return undefined;
}

/**
 * An example on every JSON request and response (made from the schemas' own examples where the code gives none),
 * and no example on an optional parameter: Swagger UI's "Try it out" would send it (a made-up cursor, product id,
 * If-Match or Idempotency-Key) and the server would refuse it or answer for the wrong thing.
 */
function addExamples(spec) {
  for (const { operation } of operations(spec)) {
    const media = [
      ...Object.entries(operation.requestBody?.content ?? {}),
      ...Object.values(operation.responses).flatMap((r) => Object.entries(r.content ?? {})),
    ];
    for (const [type, content] of media) {
      if (!/json/.test(type) || content.example !== undefined || content.examples) continue;
      const example = synthesize(spec, content.schema);
      if (example !== undefined) content.example = example;
    }
    for (const parameter of operation.parameters ?? []) {
      if (parameter.required) continue;
      delete parameter.example;
      delete parameter.examples;
      if (parameter.schema?.$ref) {
        parameter.schema = { ...resolve(spec, parameter.schema) };
        delete parameter.schema.example;
      } else if (parameter.schema) delete parameter.schema.example;
    }
  }
}

/** The components a document uses, found by following every $ref from its paths and webhooks. */
function pruneComponents(spec) {
  const used = new Set();
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/components/schemas/')) {
      const name = node.$ref.split('/').pop();
      if (!used.has(name)) {
        used.add(name);
        visit(spec.components.schemas[name]);
      }
    }
    for (const value of Object.values(node)) visit(value);
  };
  visit(spec.paths);
  visit(spec.webhooks ?? {});
  for (const name of Object.keys(spec.components.schemas)) if (!used.has(name)) delete spec.components.schemas[name];
}

/**
 * The issuer's operator operations (`/v1/operator/...`) go to a document of their own (openapi/operator.json,
 * Swagger UI at /docs/operator): partners never see them in their spec, SDK or Swagger UI.
 */
function splitOperator(spec) {
  const operator = structuredClone(spec);
  operator.info = {
    ...spec.info,
    title: `${spec.info.title}: issuer operations`,
    description:
      "The issuer's own operations: card shipment, activation and revocation, card-reader shipments, running the scheduled jobs. Operator clients only (scope `operator`); partners use the partner API (/docs).",
  };
  delete operator.webhooks;
  operator.tags = spec.tags.filter((t) => t.name === 'Operator');
  operator.paths = Object.fromEntries(Object.entries(spec.paths).filter(([path]) => path.startsWith('/v1/operator/')));
  operator.components.securitySchemes = { oauth2: structuredClone(spec.components.securitySchemes.oauth2) };
  operator.components.securitySchemes.oauth2.flows.clientCredentials.scopes = {
    operator: spec.components.securitySchemes.oauth2.flows.clientCredentials.scopes.operator,
  };
  spec.paths = Object.fromEntries(Object.entries(spec.paths).filter(([path]) => !path.startsWith('/v1/operator/')));
  spec.tags = spec.tags.filter((t) => t.name !== 'Operator');
  delete spec.components.securitySchemes.oauth2.flows.clientCredentials.scopes.operator;
  pruneComponents(spec);
  pruneComponents(operator);
  return operator;
}

/**
 * Everything tsoa cannot do, in order. `problems` is the error registry (PROBLEMS of src/common/problem.ts),
 * `deprecations` what is deprecated (DEPRECATIONS of src/common/deprecation.ts).
 * Answers the partners' document and the operator document.
 */
export function finishSpec(spec, problems, deprecations = []) {
  toOpenApi31(spec);
  markDeprecated(spec, deprecations);
  spec.servers = SERVERS;
  addWebhooks(spec);
  declareResponses(spec, problems);
  addExamples(spec);
  const operator = splitOperator(spec);
  return { partner: spec, operator };
}
