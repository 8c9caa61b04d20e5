import { PagePromise, type PageBody } from './pagination.js';
import type { RequestOptions } from './request-options.js';
import type { Transport } from './transport.js';

/** A group of methods on one transport: `client.orders`, `client.invoices`, … */
export abstract class APIResource {
  constructor(protected readonly transport: Transport) {}

  /** A cursor-paginated list: `query` on every page, the cursor from the page before. */
  protected paginate<T>(path: string, query: object = {}, options?: RequestOptions): PagePromise<T> {
    const { cursor, ...rest } = query as { cursor?: string };
    return new PagePromise(
      async (next) =>
        (await this.transport.request<PageBody<T>>({ method: 'GET', path, query: { ...rest, cursor: next } }, options))
          .data,
      cursor,
    );
  }

  /** A GET answering JSON. */
  protected async read<T>(path: string, query?: object, options?: RequestOptions): Promise<T> {
    return (await this.transport.request<T>({ method: 'GET', path, query }, options)).data;
  }
}
