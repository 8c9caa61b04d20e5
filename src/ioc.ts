import type { Request } from 'express';
import type { IocContainer, IocContainerFactory } from '@tsoa/runtime';
import type { Services } from './services';

/**
 * tsoa asks this for a controller per request. Controllers take the app's services in their constructor,
 * so nothing is global and two apps in one process (tests) stay apart.
 */
export const iocContainer: IocContainerFactory<Request> = (request: Request): IocContainer => ({
  get: (<T>(controller: unknown): T => {
    const services = request.app.locals.services as Services;
    return new (controller as new (services: Services) => T)(services);
  }) as IocContainer['get'],
});
