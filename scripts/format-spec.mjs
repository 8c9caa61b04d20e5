// Finishes tsoa's spec (scripts/finish-spec.mjs: OpenAPI 3.1, webhooks, headers, problem+json, examples, the
// operator document) and writes both documents with two-space indentation, so that they diff and lint cleanly.
// Run by `npm run generate` and by the drift check (check-generated.mjs), on openapi.json and operator.json in
// the folder of the given file.
import fs from 'node:fs';
import path from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { finishSpec } from './finish-spec.mjs';

const file = process.argv[2] ?? 'openapi/openapi.json';
const { PROBLEMS } = await tsImport('../src/common/problem.ts', import.meta.url);
const { DEPRECATIONS } = await tsImport('../src/common/deprecation.ts', import.meta.url);
const { partner, operator } = finishSpec(JSON.parse(fs.readFileSync(file, 'utf8')), PROBLEMS, DEPRECATIONS);
const write = (target, document) => fs.writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
write(file, partner);
write(path.join(path.dirname(file), 'operator.json'), operator);
