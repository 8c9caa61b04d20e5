// Lint and typecheck read types that the build generates: tsoa's routes (src/generated) and the SDK's declarations
// (sdk/dist), which the examples import. Made here only when missing, so `npm run lint` works on a fresh clone
// and costs nothing after `npm run build` (as in `npm test`). After changing the SDK, `npm run build` refreshes them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const steps = [
  { output: 'src/generated/routes.ts', command: ['npx', 'tsoa', 'routes'] },
  { output: 'sdk/dist/cjs/index.d.ts', command: ['npm', 'run', 'build', '-w', 'sdk'] },
];
for (const { output, command } of steps) {
  if (fs.existsSync(path.join(root, output))) continue;
  const run = spawnSync(command[0], command.slice(1), { cwd: root, stdio: 'inherit' });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
