import type { EntityManager } from 'typeorm';

/**
 * Queues a job on the connection of the caller's open transaction, so that it exists if and only if the change
 * commits. `jobs/job-queue.ts` implements it over pg-boss; the outbox and the webhook retries use it through this
 * interface, so that notifications and webhooks need not import jobs (jobs imports them, to run their handlers).
 */
export interface JobSender {
  send(manager: EntityManager, queue: string, data: object, options?: { startAfter?: Date }): Promise<void>;
}
