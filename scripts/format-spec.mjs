// tsoa writes the spec with tabs; re-indent it with two spaces so that it diffs and lints cleanly.
// (Only the layout changes: the content is exactly what tsoa generates from the code and tsoa.json.)
import fs from 'node:fs';

const file = process.argv[2] ?? 'openapi/openapi.json';
fs.writeFileSync(file, `${JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')), null, 2)}\n`);
