import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Controller } from '@tsoa/runtime';
import { CONTROLLERS } from '../src/ioc';

/** Every compiled `*.controller.js` under dist/src (tsoa routes every `src/**\/*.controller.ts`). */
function controllerFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return controllerFiles(full);
    return entry.name.endsWith('.controller.js') ? [full] : [];
  });
}

describe('the composition root (src/ioc.ts)', () => {
  it('builds every controller tsoa routes to, each from its own dependencies', async () => {
    const files = controllerFiles(path.join(__dirname, '..', 'src'));
    const modules = await Promise.all(files.map((file) => import(file) as Promise<Record<string, unknown>>));
    const controllers = modules.flatMap((module) =>
      Object.values(module).filter(
        (value): value is typeof Controller =>
          typeof value === 'function' && (value as { prototype: unknown }).prototype instanceof Controller,
      ),
    );
    assert.ok(controllers.length >= 13, `found ${controllers.length} controllers in ${files.length} files`);
    const missing = controllers.filter((controller) => !CONTROLLERS.has(controller)).map((c) => c.name);
    assert.deepEqual(missing, [], 'controllers without a factory in CONTROLLERS');
  });
});
