// Fails when openapi/openapi.json or openapi/operator.json is not what the code generates (tsoa, then scripts/finish-spec.mjs), or sdk/src/schema.ts not what the spec generates.
// Fix with `npm run generate` and commit both files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'partnerweb-generated-'));
const config = JSON.parse(fs.readFileSync('tsoa.json', 'utf8'));
config.spec.outputDirectory = tmp;
delete config.routes;
fs.writeFileSync(path.join(tmp, 'tsoa.json'), JSON.stringify(config));
const bin = (name) => path.join('node_modules', '.bin', name);

execFileSync(bin('tsoa'), ['spec', '-c', path.join(tmp, 'tsoa.json')], { stdio: 'inherit' });
execFileSync(process.execPath, ['scripts/format-spec.mjs', path.join(tmp, 'openapi.json')], { stdio: 'inherit' });
let stale = [];
for (const name of ['openapi.json', 'operator.json']) {
  const fresh = fs.readFileSync(path.join(tmp, name), 'utf8');
  const committed = fs.existsSync(`openapi/${name}`) ? fs.readFileSync(`openapi/${name}`, 'utf8') : '{}';
  if (JSON.stringify(JSON.parse(fresh)) !== JSON.stringify(JSON.parse(committed))) stale.push(`openapi/${name}`);
}

execFileSync(bin('openapi-typescript'), ['openapi/openapi.json', '-o', path.join(tmp, 'schema.ts')], {
  stdio: 'ignore',
});
if (fs.readFileSync(path.join(tmp, 'schema.ts'), 'utf8') !== fs.readFileSync('sdk/src/schema.ts', 'utf8'))
  stale.push('sdk/src/schema.ts');
fs.rmSync(tmp, { recursive: true, force: true });

if (stale.length) {
  console.error(`Stale generated files: ${stale.join(', ')}. Run \`npm run generate\` and commit them.`);
  process.exit(1);
}
console.log('openapi/openapi.json and sdk/src/schema.ts are what the code generates');
