import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../common/startup-error';

/**
 * PostgreSQL refuses to run as root, so a root process runs the embedded cluster as the `postgres` system user.
 * That user must be able to enter every folder above the cluster and the binaries: a clone in root's home
 * (mode 0700) is not. Then the cluster and a copy of the binaries live under ROOT_RUNTIME_DIR instead, in a
 * folder named after the checkout's data folder, so each checkout finds its own cluster again on every start.
 */
export const ROOT_RUNTIME_DIR = '/var/lib/partnerweb/embedded-postgres';

export interface Account {
  uid: number;
  gid: number;
}

function id(flag: '-u' | '-g'): number | undefined {
  const result = spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : undefined;
}

/** The `postgres` system user, created when missing (as the embedded-postgres package does). */
export function postgresAccount(): Account {
  if (id('-u') === undefined) {
    try {
      if (spawnSync('getent', ['group', 'postgres']).status !== 0)
        execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
      execFileSync(
        'useradd',
        ['--system', '--gid', 'postgres', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', 'postgres'],
        { stdio: 'ignore' },
      );
    } catch {
      throw new StartupError(
        'running as root, the embedded PostgreSQL must run as a "postgres" system user, and creating it failed: create it (useradd --system postgres), run as a normal user, or set DATABASE_URL',
      );
    }
  }
  return { uid: id('-u')!, gid: id('-g')! };
}

/** Whether the account can enter (or execute) the path: asked of the kernel, as that user. */
export function canReach(account: Account, target: string): boolean {
  return spawnSync('test', ['-x', target], { uid: account.uid, gid: account.gid }).status === 0;
}

/**
 * The folder for a cluster the postgres user cannot reach at `dataDir`: one per checkout, found again from the
 * same path. `dataDir` becomes a symbolic link to it, so `ls .data` still shows where the data is.
 */
export function relocateDataDir(dataDir: string): string {
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
  const home = path.join(ROOT_RUNTIME_DIR, key);
  const relocated = path.join(home, 'data');
  fs.mkdirSync(home, { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(home, 'checkout'), `${path.resolve(dataDir)}\n`);
  const existing = fs.lstatSync(dataDir, { throwIfNoEntry: false });
  if (existing?.isSymbolicLink() && fs.readlinkSync(dataDir) === relocated) return relocated;
  if (existing?.isDirectory() && fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    throw new StartupError(
      `the PostgreSQL cluster in ${dataDir} cannot be entered by the postgres user (a folder above it is private): move the checkout or DATA_DIR to a folder others may enter, or set DATABASE_URL`,
    );
  }
  if (existing) fs.rmSync(dataDir, { recursive: true, force: true }); // an empty leftover of a failed first start
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  fs.symlinkSync(relocated, dataDir);
  return relocated;
}

/**
 * The binaries' folder (bin, lib, share) where the postgres user can run it: the package's own when reachable,
 * otherwise a copy per version under ROOT_RUNTIME_DIR (hard links when on the same file system), made once.
 */
export function reachableBinaries(account: Account, nativeDir: string, version: string): string {
  if (canReach(account, path.join(nativeDir, 'bin', 'postgres'))) return nativeDir;
  const copy = path.join(ROOT_RUNTIME_DIR, `binaries-${version}`);
  if (fs.existsSync(path.join(copy, 'bin', 'postgres'))) return copy;
  const partial = `${copy}.${process.pid}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  copyTree(nativeDir, partial);
  fs.renameSync(partial, copy);
  return copy;
}

function copyTree(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true, mode: 0o755 });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(source), target);
    else if (entry.isDirectory()) copyTree(source, target);
    else {
      try {
        fs.linkSync(source, target);
      } catch {
        fs.copyFileSync(source, target);
      }
      fs.chmodSync(target, fs.statSync(source).mode | 0o444);
    }
  }
}
