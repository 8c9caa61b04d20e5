import { InitialSchema1764240000000 } from './1764240000000-InitialSchema';
import { CardLifeAndNotices1764921600000 } from './1764921600000-CardLifeAndNotices';
import { ReportsInvoicesRetention1765094400000 } from './1765094400000-ReportsInvoicesRetention';
import { OrderSearchIndex1765180800000 } from './1765180800000-OrderSearchIndex';
import { IdempotencyKeyPerCaller1765267200000 } from './1765267200000-IdempotencyKeyPerCaller';
import { EventFeed1766100000000 } from './1766100000000-EventFeed';

/** Every migration, oldest first. A new migration is added here as well as in its file. */
export const migrations = [
  InitialSchema1764240000000,
  CardLifeAndNotices1764921600000,
  ReportsInvoicesRetention1765094400000,
  OrderSearchIndex1765180800000,
  IdempotencyKeyPerCaller1765267200000,
  EventFeed1766100000000,
];
