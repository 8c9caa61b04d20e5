import type { Request } from 'express';
import type { Controller, IocContainer, IocContainerFactory } from '@tsoa/runtime';
import { ApprovalPoliciesController } from './approval-policies/approval-policies.controller';
import { CardReaderOrdersController } from './card-readers/card-reader-orders.controller';
import { ApiClientsController } from './credentials/api-clients.controller';
import { EndUsersController } from './end-users/end-users.controller';
import { EventsController } from './events/events.controller';
import { InvoicesController } from './invoices/invoices.controller';
import { OperatorController } from './operator/operator.controller';
import { OrdersController } from './orders/orders.controller';
import { PartnerController } from './partners/partner.controller';
import { PowersOfAttorneyController } from './powers-of-attorney/powers-of-attorney.controller';
import { ReportsController } from './reports/reports.controller';
import { RosterController } from './roster/roster.controller';
import { MyPageController } from './self-service/my-page.controller';
import { OrderPageController } from './self-service/order-page.controller';
import type { Services } from './services';
import { WebhooksController } from './webhooks/webhooks.controller';

type ControllerClass = abstract new (...args: never[]) => Controller;
type ControllerFactory = (services: Services) => Controller;

/** One controller and how it is built from one app's services: only what it needs, checked by the compiler. */
function provide<C extends Controller>(
  controller: abstract new (...args: never[]) => C,
  build: (services: Services) => C,
): [ControllerClass, ControllerFactory] {
  return [controller, build];
}

/**
 * The composition root of the HTTP side: every controller with its own dependencies. A controller never sees the
 * whole `Services`; a new controller is added here (test/ioc.test.ts fails on one that is not).
 */
export const CONTROLLERS: ReadonlyMap<ControllerClass, ControllerFactory> = new Map([
  provide(OrdersController, (s) => new OrdersController(s.orders)),
  provide(EndUsersController, (s) => new EndUsersController(s.endUsers)),
  provide(PartnerController, (s) => new PartnerController(s.partner)),
  provide(WebhooksController, (s) => new WebhooksController(s.webhooks)),
  provide(EventsController, (s) => new EventsController(s.events)),
  provide(OrderPageController, (s) => new OrderPageController(s.selfService)),
  provide(MyPageController, (s) => new MyPageController(s.selfService)),
  provide(OperatorController, (s) => new OperatorController(s.operator, s.cardReaderOrders)),
  provide(ReportsController, (s) => new ReportsController(s.reports, { dataSource: s.dataSource })),
  provide(InvoicesController, (s) => new InvoicesController(s.invoices, { dataSource: s.dataSource })),
  provide(CardReaderOrdersController, (s) => new CardReaderOrdersController(s.cardReaderOrders)),
  provide(ApiClientsController, (s) => new ApiClientsController(s.apiClients)),
  provide(PowersOfAttorneyController, (s) => new PowersOfAttorneyController(s.powersOfAttorney)),
  provide(RosterController, (s) => new RosterController(s.roster)),
  provide(ApprovalPoliciesController, (s) => new ApprovalPoliciesController(s.approvalPolicies)),
]);

/**
 * tsoa asks this for a controller per request (a controller holds the answer's status and headers, so it is never
 * shared). The services are those of the app that took the request, so nothing is global and two apps in one
 * process (tests) stay apart.
 */
export const iocContainer: IocContainerFactory<Request> = (request: Request): IocContainer => ({
  get: (<T>(controller: ControllerClass): T => {
    const build = CONTROLLERS.get(controller);
    if (!build) throw new Error(`${controller.name} is not in CONTROLLERS (src/ioc.ts)`);
    return build(request.app.locals.services as Services) as T;
  }) as IocContainer['get'],
});
