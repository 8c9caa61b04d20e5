// Finishes tsoa's spec (scripts/finish-spec.mjs: OpenAPI 3.1, webhooks, ...) and re-indents it with two spaces
// so that it diffs and lints cleanly. Run by `npm run generate` and by the drift check (check-generated.mjs).
import fs from 'node:fs';
import { finishSpec } from './finish-spec.mjs';

const file = process.argv[2] ?? 'openapi/openapi.json';
fs.writeFileSync(file, `${JSON.stringify(finishSpec(JSON.parse(fs.readFileSync(file, 'utf8'))), null, 2)}\n`);
