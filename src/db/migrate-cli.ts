import 'reflect-metadata';
import { describeStartupFailure } from '../common/startup-error';
import { loadConfig } from '../config';
import { openDatabase } from './database';

/** `npm run migrate`: applies pending migrations to DATABASE_URL, or to the embedded PostgreSQL. */
async function main(): Promise<void> {
  const database = await openDatabase(loadConfig(), (message) => console.log(message));
  console.log(database.appliedMigrations.length ? 'migrations applied' : 'schema already up to date');
  await database.close();
}

main().catch((error) => {
  console.error(`partnerweb migrate: ${describeStartupFailure(error)}`);
  process.exit(1);
});
