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
  ['webhook-id', 'The event id (`msg_…`): the same on every attempt and in the events feed; ignore an id you have seen.', 'msg_2f1e0d9c8b7a69584736251403f2e1d0'],
  ['webhook-timestamp', 'Unix seconds when this attempt was signed; refuse one more than five minutes off.', '1763629443'],
  ['webhook-signature', 'Space-separated `v1,<base64 HMAC-SHA256>` signatures of `<webhook-id>.<webhook-timestamp>.<body>` with your endpoint secret (two during a secret rotation).', 'v1,K5oZfzN95Z9UVu1EsfQmfVNQhnkZ2pj9o9NDN/H/pI4='],
];

/**
 * Every webhook event type as an OpenAPI 3.1 webhook, its body the event's named schema (tsoa generates the
 * schemas from src/webhooks/webhook-event.dto.ts, reached through GET /v1/events and the test event). The event
 * union gets its discriminator, `type`.
 */
function addWebhooks(spec) {
  const schemas = spec.components.schemas;
  const union = schemas[EVENT_SCHEMA_UNION];
  if (!union?.anyOf) throw new Error(`finish-spec: the schema ${EVENT_SCHEMA_UNION} (a union of event schemas) is missing`);
  const refs = [...union.anyOf.map((member) => member.$ref), `#/components/schemas/${TEST_EVENT_SCHEMA}`];
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
  schemas[EVENT_SCHEMA_UNION] = { ...union, anyOf: undefined, oneOf: union.anyOf, discriminator: { propertyName: 'type', mapping } };
  delete schemas[EVENT_SCHEMA_UNION].anyOf;
}

/** Everything tsoa cannot do, in order. */
export function finishSpec(spec) {
  toOpenApi31(spec);
  addWebhooks(spec);
  return spec;
}
