import 'reflect-metadata';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { seedDemoData } from './seed';

/** `npm run seed`: loads the demo data into DATABASE_URL or the embedded PostgreSQL, unless it is there. */
async function main(): Promise<void> {
  const database = await openDatabase(loadConfig(), (message) => console.log(message));
  const result = await seedDemoData(database.dataSource);
  console.log(result.seeded ? `demo data loaded: ${JSON.stringify(result)}` : 'demo data is there already');
  await database.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
