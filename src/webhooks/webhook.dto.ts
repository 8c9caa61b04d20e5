import type { WebhookEventType } from './webhook-event-types';
import type { WebhookTestEventPayload } from './webhook-event.dto';

/** A new webhook endpoint. */
export interface WebhookEndpointRequest {
  /** Where events are POSTed; https (plain http only outside production). @maxLength 2000 @example "https://epj.example.no/hooks/partnerweb" */
  url: string;
  /** The events to send. @minItems 1 @maxItems 20 */
  eventTypes: WebhookEventType[];
  /** For your own reference. @maxLength 200 @example "EPJ production" */
  description?: string;
}

/** A change to an endpoint; fields left out stay. `enabled: true` turns an endpoint disabled by a 410 on again. */
export interface WebhookEndpointUpdate {
  /** @maxLength 2000 @example "https://epj.example.no/hooks/partnerweb" */
  url?: string;
  /** @minItems 1 @maxItems 20 */
  eventTypes?: WebhookEventType[];
  /** @maxLength 200 @example "EPJ production" */
  description?: string;
  enabled?: boolean;
}

export interface WebhookEndpoint {
  /** @format uuid @maxLength 36 @example "0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a" */
  id: string;
  /** @maxLength 2000 @example "https://epj.example.no/hooks/partnerweb" */
  url: string;
  /** @maxLength 200 @example "EPJ production" */
  description: string | null;
  /** @maxItems 20 */
  eventTypes: WebhookEventType[];
  /** False after the endpoint answered 410 Gone, or when you disabled it. */
  enabled: boolean;
  /** @maxLength 200 @example "The endpoint answered 410 Gone." */
  disabledReason: string | null;
  /** @format date-time @maxLength 30 */
  createdAt: string;
  /** @format date-time @maxLength 30 */
  updatedAt: string;
}

/** An endpoint with its signing secret: shown when the endpoint is made and when the secret is rotated, never again. */
export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /**
   * The Standard Webhooks signing secret (`whsec_` + base64). After a rotation the previous secret signs too for 24 hours.
   * @maxLength 100 @example "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
   */
  secret: string;
}

export interface WebhookEndpointList {
  /** @maxItems 20 */
  data: WebhookEndpoint[];
}

/** One HTTP attempt at a delivery. */
export interface WebhookDeliveryAttempt {
  /** @format date-time @maxLength 30 */
  attemptedAt: string;
  /** The HTTP status your endpoint answered; null when no answer came. @isInt @minimum 100 @maximum 599 */
  responseStatus: number | null;
  /** Why no answer came (timeout, refused connection). @maxLength 500 */
  error: string | null;
  /** @isInt @minimum 0 @maximum 600000 */
  durationMs: number;
}

/** pending: more attempts to come; succeeded: a 2xx answer; failed: given up (after about three days, or on 410). @example "succeeded" */
export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed';

/** One event's delivery to one endpoint, with every attempt. */
export interface WebhookDelivery {
  /** @format uuid @maxLength 36 */
  id: string;
  /** The event id, sent as `webhook-id`: the same on every attempt, so you can ignore repeats. @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  eventId: string;
  /** @maxLength 40 @example "order.created" */
  eventType: string;
  status: WebhookDeliveryStatus;
  /** @isInt @minimum 0 @maximum 100 */
  attemptCount: number;
  /** @format date-time @maxLength 30 */
  nextAttemptAt: string | null;
  /** @format date-time @maxLength 30 */
  createdAt: string;
  /** @format date-time @maxLength 30 */
  completedAt: string | null;
  /** @maxItems 100 */
  attempts: WebhookDeliveryAttempt[];
}

export interface WebhookDeliveryPage {
  /** @maxItems 100 */
  data: WebhookDelivery[];
  /** @maxLength 200 */
  nextCursor: string | null;
}

/** The test event queued for delivery. */
export interface WebhookTestEvent {
  /** @maxLength 40 @example "msg_2f1e0d9c8b7a69584736251403f2e1d0" */
  eventId: string;
  /** The body your endpoint will be sent. */
  payload: WebhookTestEventPayload;
}
