import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { ErrorObject } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

const read = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'openapi', name), 'utf8'));
/** The committed partners' spec, as partners get it. */
export const spec = read('openapi.json');
/** The committed document of the issuer's operator operations. */
export const operatorSpec = read('operator.json');

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// Formats OpenAPI names that JSON Schema does not define: no check beyond the type.
for (const format of ['int32', 'int64', 'double', 'float', 'binary']) ajv.addFormat(format, true);
ajv.addSchema({ $id: 'openapi.json', components: spec.components });
ajv.addSchema({ $id: 'operator.json', components: operatorSpec.components });

/** Checks a value against a schema of a document (its $refs point into that document); the errors, or none. */
export function schemaErrors(schema: object, value: unknown, document: object = spec): ErrorObject[] {
  const id = document === operatorSpec ? 'operator.json' : 'openapi.json';
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${id}#/components/`));
  const validate = ajv.compile(rewritten);
  return validate(value) ? [] : (validate.errors ?? []);
}
