import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The committed spec, as partners get it. */
export const spec = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'openapi', 'openapi.json'), 'utf8'));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// Formats OpenAPI names that JSON Schema does not define: no check beyond the type.
for (const format of ['int32', 'int64', 'double', 'float', 'binary']) ajv.addFormat(format, true);
ajv.addSchema({ $id: 'openapi.json', components: spec.components });

/** Checks a value against a schema of the spec (a schema object, whose $refs point into the spec); the errors, or none. */
export function schemaErrors(schema: object, value: unknown): ErrorObject[] {
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
  const validate = ajv.compile(rewritten);
  return validate(value) ? [] : (validate.errors ?? []);
}
