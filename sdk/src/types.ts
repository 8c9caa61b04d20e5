/** The API's objects by name, from the generated `schema.ts`. */
import type { components, operations } from './schema.js';

type Schemas = components['schemas'];
type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;

export type OrderSummary = Schemas['OrderSummary'];
export type OrderDetail = Schemas['OrderDetail'];
export type OrderStatus = Schemas['OrderStatus'];
export type OrderKind = Schemas['OrderKind'];
export type OrderRejectionRequest = Schemas['OrderRejectionRequest'];
export type RejectionReason = Schemas['RejectionReason'];
export type EndUserSummary = Schemas['EndUserSummary'];
export type EndUserDetail = Schemas['EndUserDetail'];
export type PartnerProfile = Schemas['PartnerProfile'];
export type PartnerProfileUpdate = Schemas['PartnerProfileUpdate'];
export type WebhookEndpoint = Schemas['WebhookEndpoint'];
export type WebhookEndpointWithSecret = Schemas['WebhookEndpointWithSecret'];
export type WebhookEndpointRequest = Schemas['WebhookEndpointRequest'];
export type WebhookEndpointUpdate = Schemas['WebhookEndpointUpdate'];
export type WebhookDelivery = Schemas['WebhookDelivery'];
export type WebhookEventType = Schemas['WebhookEventType'];
export type OrderPageInfo = Schemas['OrderPageInfo'];
export type FirstOrderRequest = Schemas['FirstOrderRequest'];
export type FollowUpOrderRequest = Schemas['FollowUpOrderRequest'];
export type MyOrder = Schemas['MyOrder'];
export type MyCard = Schemas['MyCard'];
export type MyProfile = Schemas['MyProfile'];
export type MyProfileUpdate = Schemas['MyProfileUpdate'];
export type OrderReportRow = Schemas['OrderReportRow'];
export type ApprovedOrderReportRow = Schemas['ApprovedOrderReportRow'];
export type ExpiringCardReportRow = Schemas['ExpiringCardReportRow'];
export type EndUserReportRow = Schemas['EndUserReportRow'];
export type InvoiceSummary = Schemas['InvoiceSummary'];
export type InvoiceDetail = Schemas['InvoiceDetail'];
export type InvoiceLine = Schemas['InvoiceLine'];
export type CardReaderOrder = Schemas['CardReaderOrder'];
export type CardReaderOrderRequest = Schemas['CardReaderOrderRequest'];
export type PowerOfAttorney = Schemas['PowerOfAttorney'];

/** The cursor is the iterator's business: list queries take everything else. */
type ListQuery<K extends keyof operations> = Omit<QueryOf<K>, 'cursor'>;
export type OrderListQuery = ListQuery<'Orders_listOrders'>;
export type EndUserListQuery = ListQuery<'EndUsers_listEndUsers'>;
export type InvoiceListQuery = ListQuery<'Invoices_listInvoices'>;
export type InvoiceLineListQuery = Omit<ListQuery<'Invoices_listInvoiceLines'>, 'format' | 'bom'>;
export type CardReaderOrderListQuery = ListQuery<'CardReaderOrders_listCardReaderOrders'>;
export type PowerOfAttorneyListQuery = ListQuery<'PowersOfAttorney_listPowersOfAttorney'>;
export type WebhookDeliveryListQuery = ListQuery<'Webhooks_listWebhookDeliveries'>;
export type OrderReportQuery = Omit<ListQuery<'Reports_orderReport'>, 'format' | 'bom'>;
export type ApprovedOrderReportQuery = Omit<ListQuery<'Reports_approvedOrderReport'>, 'format' | 'bom'>;
export type ExpiringCardReportQuery = Omit<ListQuery<'Reports_expiringCardReport'>, 'format' | 'bom'>;
export type EndUserReportQuery = Omit<ListQuery<'Reports_endUserReport'>, 'format' | 'bom'>;

/** An object read with its version, for `ifMatch` on the next change. */
export type WithEtag<T> = T & { etag?: string };
