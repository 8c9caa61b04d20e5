import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: Method[] = ['get', 'post', 'put', 'patch', 'delete'];

/** The resource a path names: its second segment (`orders` in `/v1/orders/{id}`), lower-cased as routes match. */
const resourceOf = (path: string): string => (path.split('/', 3)[2] ?? '').toLowerCase();

/**
 * tsoa registers every operation on one router, and Express tries that router's routes one by one until a path
 * matches: the order list was the 32nd of 63. Here each resource's routes get a router of their own, chosen by one
 * Map lookup, and are tried in the order tsoa registered them. What answers a request does not change.
 */
export function routesByResource(register: (router: express.Router) => void): RequestHandler {
  const routers = new Map<string, express.Router>();
  const registrar: Partial<Record<Method, (path: string, ...handlers: RequestHandler[]) => unknown>> = {};
  for (const method of METHODS) {
    registrar[method] = (path, ...handlers) => {
      const resource = resourceOf(path);
      let router = routers.get(resource);
      if (!router) routers.set(resource, (router = express.Router()));
      router[method](path, ...handlers);
      return registrar;
    };
  }
  // tsoa's RegisterRoutes calls only the method functions of the router it is given.
  register(registrar as unknown as express.Router);
  return (req: Request, res: Response, next: NextFunction) => {
    const router = routers.get(resourceOf(req.path));
    if (router) router(req, res, next);
    else next();
  };
}
