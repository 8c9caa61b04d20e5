import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ClientAssertions } from './auth/client-assertion';
import { ClientUsage } from './auth/client-usage';
import { DevIdentityProvider } from './auth/dev-identity-provider';
import { MaskinportenTokens } from './auth/maskinporten';
import { ApiClientsService } from './credentials/api-clients.service';
import { EndUserTokenVerifier } from './auth/end-user-tokens';
import { TokenService } from './auth/token.service';
import { Clock, systemClock } from './common/clock';
import type { Config } from './config';
import { EndUsersService } from './end-users/end-users.service';
import { EventsService } from './events/events.service';
import { JobQueue } from './jobs/job-queue';
import { Mailer } from './notifications/mailer';
import { Outbox } from './notifications/outbox';
import { OperatorService } from './operator/operator.service';
import { Metrics } from './observability/metrics';
import { OrdersService } from './orders/orders.service';
import { PartnerService } from './partners/partner.service';
import { LocalPopulationRegistry, PopulationRegistry } from './registry/population-registry';
import { ReportsService } from './reports/reports.service';
import { RosterService } from './roster/roster.service';
import { ApprovalPoliciesService } from './approval-policies/approval-policies.service';
import { CardReaderOrdersService } from './card-readers/card-reader-orders.service';
import { InvoicesService } from './invoices/invoices.service';
import { NationalIdHasher } from './privacy/national-id-privacy';
import { PowersOfAttorneyService } from './powers-of-attorney/powers-of-attorney.service';
import { SelfServiceService } from './self-service/self-service.service';
import { WebhooksService } from './webhooks/webhooks.service';

/** The services of one running app, built once at start and handed to every controller and worker. */
export interface Services {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  /** Prometheus metrics, when METRICS_PORT is set. */
  metrics?: Metrics;
  clock: Clock;
  jobQueue: JobQueue;
  outbox: Outbox;
  mailer: Mailer;
  registry: PopulationRegistry;
  tokens: TokenService;
  /** Last-used times of API clients and keys. */
  clientUsage: ClientUsage;
  /** Present only where Maskinporten is configured. */
  maskinporten?: MaskinportenTokens;
  apiClients: ApiClientsService;
  endUserTokens: EndUserTokenVerifier;
  /** Present only where the development identity provider is on. */
  devIdentityProvider?: DevIdentityProvider;
  orders: OrdersService;
  endUsers: EndUsersService;
  events: EventsService;
  selfService: SelfServiceService;
  operator: OperatorService;
  webhooks: WebhooksService;
  partner: PartnerService;
  reports: ReportsService;
  invoices: InvoicesService;
  cardReaderOrders: CardReaderOrdersService;
  powersOfAttorney: PowersOfAttorneyService;
  /** The one keyed hash of national identity numbers for lookup. */
  nationalIdHasher: NationalIdHasher;
  /** The staff roster (SCIM), leavers and the roster approval policy. */
  roster: RosterService;
  approvalPolicies: ApprovalPoliciesService;
}

export interface ServiceDependencies {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  /** Started already: its schema exists, jobs can be sent. */
  jobQueue: JobQueue;
  clock?: Clock;
}

export function createServices({
  config,
  logger,
  dataSource,
  jobQueue,
  clock = systemClock,
}: ServiceDependencies): Services {
  const outbox = new Outbox(jobQueue);
  const registry = new LocalPopulationRegistry(dataSource);
  const clientUsage = new ClientUsage(dataSource, clock, logger);
  const nationalIdHasher = new NationalIdHasher(config.nationalIdHashKey);
  const roster = new RosterService(dataSource, outbox, nationalIdHasher, clock, config.publicBaseUrl);
  const devIdentityProvider = config.endUserAuth.devIdentityProvider
    ? new DevIdentityProvider(config.endUserAuth)
    : undefined;
  return {
    config,
    logger,
    dataSource,
    metrics: config.metrics ? new Metrics(dataSource) : undefined,
    clock,
    jobQueue,
    outbox,
    mailer: new Mailer(config.mail),
    registry,
    tokens: new TokenService(
      dataSource,
      { signingKey: config.jwtSigningKey, issuer: config.jwtIssuer, ttlSeconds: config.tokenTtlSeconds },
      // A client assertion's audience: this token endpoint's URL (HelseID) or our issuer name (Maskinporten's way).
      new ClientAssertions(dataSource, clock, [`${config.publicBaseUrl}/oauth/token`, config.jwtIssuer]),
      clientUsage,
    ),
    clientUsage,
    maskinporten: config.maskinporten ? new MaskinportenTokens(config.maskinporten, dataSource, clock) : undefined,
    apiClients: new ApiClientsService(dataSource),
    endUserTokens: new EndUserTokenVerifier(config.endUserAuth, devIdentityProvider),
    devIdentityProvider,
    orders: new OrdersService(dataSource, outbox),
    endUsers: new EndUsersService(dataSource),
    events: new EventsService(dataSource),
    selfService: new SelfServiceService(dataSource, registry, outbox, clock, config.allowSyntheticNationalIds, roster),
    operator: new OperatorService(dataSource, outbox, clock, {
      productionLineDelaySeconds: config.productionLine.delaySeconds,
      productionLineAllowed: !config.isProduction,
      retentionPeriodDays: config.retentionPeriodDays,
    }),
    webhooks: new WebhooksService(dataSource, outbox, config.webhooks),
    partner: new PartnerService(dataSource),
    reports: new ReportsService(dataSource, clock),
    invoices: new InvoicesService(dataSource),
    cardReaderOrders: new CardReaderOrdersService(dataSource),
    powersOfAttorney: new PowersOfAttorneyService(dataSource, clock),
    nationalIdHasher,
    roster,
    approvalPolicies: new ApprovalPoliciesService(dataSource),
  };
}
