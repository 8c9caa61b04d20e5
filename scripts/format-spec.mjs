// tsoa writes the spec with tabs; re-indent it with two spaces so that it diffs and lints cleanly.
import fs from 'node:fs';

const file = 'openapi/openapi.json';
fs.writeFileSync(file, `${JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')), null, 2)}\n`);
