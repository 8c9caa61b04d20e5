import http, { type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type express from 'express';

interface AppClasses {
  Request: typeof IncomingMessage;
  Response: typeof ServerResponse;
}

const classesOfApp = new WeakMap<express.Express, AppClasses>();

/** `prototype` takes the place of Express's `current`: the same chain above it and the same own properties. */
function adopt<T extends object>(prototype: T, current: object): T {
  Object.setPrototypeOf(prototype, Object.getPrototypeOf(current) as object | null);
  const { constructor: _ownConstructor, ...own } = Object.getOwnPropertyDescriptors(current);
  Object.defineProperties(prototype, own);
  return prototype;
}

/**
 * The app's request and response prototypes (`app.request`, `app.response`), made the prototypes of two
 * classes, once per app: Express's methods and the app's own additions (its `res.json`) stay as they are.
 */
function classesOf(app: express.Express): AppClasses {
  let classes = classesOfApp.get(app);
  if (!classes) {
    class AppRequest extends http.IncomingMessage {}
    class AppResponse extends http.ServerResponse {}
    app.request = adopt(AppRequest.prototype, app.request) as unknown as express.Request;
    app.response = adopt(AppResponse.prototype, app.response) as unknown as express.Response;
    // AppResponse is ServerResponse<IncomingMessage>: the generic parameter is only a type.
    classes = { Request: AppRequest, Response: AppResponse as unknown as typeof ServerResponse };
    classesOfApp.set(app, classes);
  }
  return classes;
}

/**
 * The HTTP server of an Express app whose requests and responses are made as instances of the app's own classes.
 *
 * Express gives each request and response its prototypes with `Object.setPrototypeOf` as the request comes in, and
 * V8 then gives each of them a hidden class (map) of its own: 40 requests, 40 maps. Every layer that reads the
 * request or the response never meets the same shape twice, and the maps kept finished requests alive through the
 * young-generation collections. Made by classes whose prototypes these are, all requests share one map, and
 * Express's call changes nothing: 0.30 ms less CPU a request for the API, and collections that keep 0.3 MB alive
 * instead of 2.8 MB (BENCHMARKS.md, "2026-11-28, 11:20–13:00"). What Express does with a request does not change.
 */
export function createAppServer(app: express.Express): Server {
  const { Request, Response } = classesOf(app);
  return http.createServer({ IncomingMessage: Request, ServerResponse: Response }, app);
}

/** `app.listen`, on a server from createAppServer: `done` is called once, with the error when it cannot listen. */
export function listenApp(app: express.Express, port: number, host: string, done: (error?: Error) => void): Server {
  const server = createAppServer(app);
  let called = false;
  const once = (error?: Error) => {
    if (called) return;
    called = true;
    done(error);
  };
  server.once('error', once);
  return server.listen(port, host, () => once());
}
