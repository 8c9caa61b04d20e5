// `npm start` (and migrate, seed, worker) build only when a build input changed since the last build:
// a hash over the contents of the sources, configs and lockfile, kept next to the output in dist/.
// A full `npm run build` takes 20-70 s on a small machine; hashing the inputs takes well under a second.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const INPUTS = [
  'src',
  'migrations',
  'test',
  'scripts',
  'examples',
  'sdk/src',
  'sdk/scripts',
  'sdk/package.json',
  'sdk/tsconfig.json',
  'sdk/tsconfig.cjs.json',
  'tsconfig.json',
  'tsoa.json',
  'package.json',
  'package-lock.json',
  'openapi',
];
const SKIP = new Set([path.join(root, 'src', 'generated')]); // written by the build itself
const OUTPUTS = ['dist/src/server.js', 'sdk/dist/cjs/index.js', 'sdk/dist/esm/index.js', 'src/generated/routes.ts'];
const stampFile = path.join(root, 'dist', '.build-stamp');

function files(entry) {
  const full = path.join(root, entry);
  if (SKIP.has(full)) return [];
  const stat = fs.statSync(full, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((name) => files(path.join(entry, name)));
}

const hash = createHash('sha256');
for (const file of INPUTS.flatMap(files))
  hash
    .update(file)
    .update('\0')
    .update(fs.readFileSync(path.join(root, file)))
    .update('\0');
const stamp = `${hash.digest('hex')} node ${process.versions.modules}`;

const upToDate =
  OUTPUTS.every((file) => fs.existsSync(path.join(root, file))) &&
  fs.existsSync(stampFile) &&
  fs.readFileSync(stampFile, 'utf8') === stamp;
if (upToDate) {
  console.log('build is up to date (no source changed since the last build)');
} else {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  fs.writeFileSync(stampFile, stamp);
}
