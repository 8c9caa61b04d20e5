import { InitialSchema1764240000000 } from './1764240000000-InitialSchema';
import { CardLifeAndNotices1764921600000 } from './1764921600000-CardLifeAndNotices';
import { ReportsInvoicesRetention1765094400000 } from './1765094400000-ReportsInvoicesRetention';
import { OrderSearchIndex1765180800000 } from './1765180800000-OrderSearchIndex';
import { IdempotencyKeyPerCaller1765267200000 } from './1765267200000-IdempotencyKeyPerCaller';
import { EventFeed1766100000000 } from './1766100000000-EventFeed';
import { CsvSafeCells1766200000000 } from './1766200000000-CsvSafeCells';
import { RateLimitBuckets1766200000001 } from './1766200000001-RateLimitBuckets';
import { ClientKeysAndCredentials1766300000000 } from './1766300000000-ClientKeysAndCredentials';
import { OutboxMetricsIndexes1766400000000 } from './1766400000000-OutboxMetricsIndexes';
import { KeyedNationalIdHashes1766500000000 } from './1766500000000-KeyedNationalIdHashes';
import { RosterAndApprovalPolicies1766600000000 } from './1766600000000-RosterAndApprovalPolicies';

/** Every migration, oldest first. A new migration is added here as well as in its file. */
export const migrations = [
  InitialSchema1764240000000,
  CardLifeAndNotices1764921600000,
  ReportsInvoicesRetention1765094400000,
  OrderSearchIndex1765180800000,
  IdempotencyKeyPerCaller1765267200000,
  EventFeed1766100000000,
  CsvSafeCells1766200000000,
  RateLimitBuckets1766200000001,
  ClientKeysAndCredentials1766300000000,
  OutboxMetricsIndexes1766400000000,
  KeyedNationalIdHashes1766500000000,
  RosterAndApprovalPolicies1766600000000,
];
