import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenApp } from '../../src/common/app-server';
import { ctx } from './context';

/** The app on a real port for the duration of a describe block: the SDK talks HTTP to it like a partner's system. */
export function liveServer(): { readonly baseUrl: string } {
  let server: Server;
  const live = { baseUrl: '' };
  before((done) => {
    server = listenApp(ctx().app, 0, '127.0.0.1', () => {
      live.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      done();
    });
  });
  after((done) => {
    server.closeAllConnections();
    server.close(() => done());
  });
  return live;
}
