import type { MailCatcher } from './mail-catcher';
import type { TestClock } from './test-clock';
import type { Express } from 'express';
import type { DataSource } from 'typeorm';
import type { Services } from '../../src/services';

/** What the root hooks set up once per run: a fresh database with demo data, and the app on it. */
export interface TestContext {
  app: Express;
  services: Services;
  dataSource: DataSource;
  /** The SMTP listener every e-mail of the run goes to. */
  mail: MailCatcher;
  /** The clock the rules see; tests move it to stand near a card's expiry. */
  clock: TestClock;
  databaseUrl: string;
}

let current: TestContext | undefined;

export function setContext(context: TestContext | undefined): void {
  current = context;
}

export function ctx(): TestContext {
  if (!current) throw new Error('test context not set up: run the tests through mocha with test/hooks');
  return current;
}
