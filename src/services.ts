import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { TokenService } from './auth/token.service';
import type { Config } from './config';
import { EndUsersService } from './end-users/end-users.service';
import { OrdersService } from './orders/orders.service';

/** The services of one running app, built once at start and handed to every controller. */
export interface Services {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  tokens: TokenService;
  orders: OrdersService;
  endUsers: EndUsersService;
}

export function createServices(config: Config, logger: Logger, dataSource: DataSource): Services {
  return {
    config,
    logger,
    dataSource,
    tokens: new TokenService(dataSource, {
      signingKey: config.jwtSigningKey,
      issuer: config.jwtIssuer,
      ttlSeconds: config.tokenTtlSeconds,
    }),
    orders: new OrdersService(dataSource),
    endUsers: new EndUsersService(dataSource),
  };
}
