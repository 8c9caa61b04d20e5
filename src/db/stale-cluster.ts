import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../common/startup-error';

/**
 * A cluster left running by a process that was killed (kill -9, OOM killer): its postmaster.pid names a live
 * postgres serving our data folder whose parent is gone. It is stopped (fast shutdown: it was idle, nothing is
 * lost) before this start; a cluster whose parent still runs belongs to another process and is left alone.
 */
export async function stopStaleCluster(dataDir: string, log: (message: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid)) return; // PostgreSQL itself replaces a stale file
  if (!servesDataDir(pid, dataDir)) {
    // The pid was reused by an unrelated process (after a reboot): PostgreSQL would refuse to start over it.
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const parent = parentOf(pid);
  if (parent !== undefined && parent !== 1 && isNode(parent)) {
    throw new StartupError(
      `the embedded PostgreSQL in ${dataDir} is in use by process ${parent}: stop that process, or give this one another DATA_DIR and EMBEDDED_PG_PORT`,
    );
  }
  log(`stopping the embedded PostgreSQL (pid ${pid}) left running by a process that ended without stopping it`);
  process.kill(pid, 'SIGINT');
  if (await exited(pid, 30_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await exited(pid, 5_000)))
    throw new StartupError(`the stale embedded PostgreSQL (pid ${pid}) in ${dataDir} does not stop: stop it by hand`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function servesDataDir(pid: number, dataDir: string): boolean {
  try {
    const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const dir = argv[argv.indexOf('-D') + 1];
    return (
      path.basename(argv[0]) === 'postgres' && argv.includes('-D') && fs.realpathSync(dir) === fs.realpathSync(dataDir)
    );
  } catch {
    return false;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    // The command name in field 2 may hold spaces and parentheses: the fields after its last ')' are plain.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

function isNode(pid: number): boolean {
  try {
    return path.basename(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]).startsWith('node');
  } catch {
    return false;
  }
}

async function exited(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !alive(pid);
}
