/** A page as every list of the API answers it: newest first (the events feed: oldest first), with the cursor of the next. */
export interface PageBody<T> {
  data: T[];
  nextCursor?: string | null;
  /** The events feed's: its `nextCursor` is always there (where to poll next), `hasMore` says whether more is ready now. */
  hasMore?: boolean;
}

type LoadPage<T> = (cursor: string | undefined) => Promise<PageBody<T>>;

/** One page of a list, which can fetch the pages after it. */
export class Page<T> implements AsyncIterable<T> {
  readonly data: T[];
  readonly nextCursor: string | null;
  private readonly hasMore: boolean;

  constructor(
    private readonly load: LoadPage<T>,
    body: PageBody<T>,
  ) {
    this.data = body.data;
    this.nextCursor = body.nextCursor ?? null;
    this.hasMore = body.hasMore ?? this.nextCursor !== null;
  }

  hasNextPage(): boolean {
    return this.hasMore && this.nextCursor !== null;
  }

  async getNextPage(): Promise<Page<T>> {
    if (this.nextCursor === null || !this.hasMore) throw new Error('This is the last page: check hasNextPage() first.');
    return new Page(this.load, await this.load(this.nextCursor));
  }

  /** This page and every page after it. */
  async *iterPages(): AsyncGenerator<Page<T>> {
    yield this;
    let page: Page<T> | undefined = this.hasNextPage() ? await this.getNextPage() : undefined;
    while (page) {
      yield page;
      page = page.hasNextPage() ? await page.getNextPage() : undefined;
    }
  }

  /** Every item from this page on, fetching the next page when this one is used up. */
  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    for await (const page of this.iterPages()) yield* page.data;
  }
}

/**
 * What a list method returns: await it for the first page, or iterate it for every item of every page.
 *
 *   const page = await client.orders.list({ status: 'pending' });        // one page
 *   for await (const order of client.orders.list({ status: 'pending' })) // every order, page after page
 *   const first100 = await client.orders.list().toArray({ limit: 100 });
 *
 * Nothing is sent until it is awaited or iterated.
 */
export class PagePromise<T> implements Promise<Page<T>>, AsyncIterable<T> {
  readonly [Symbol.toStringTag] = 'PagePromise';
  private first?: Promise<Page<T>>;

  constructor(
    private readonly load: LoadPage<T>,
    private readonly cursor?: string,
  ) {}

  private firstPage(): Promise<Page<T>> {
    this.first ??= this.load(this.cursor).then((body) => new Page(this.load, body));
    return this.first;
  }

  then<A = Page<T>, B = never>(
    onfulfilled?: ((page: Page<T>) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.firstPage().then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<Page<T> | B> {
    return this.firstPage().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<Page<T>> {
    return this.firstPage().finally(onfinally);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    yield* await this.firstPage();
  }

  /** Every item, page after page, stopping after `limit` items when given. */
  async toArray(options: { limit?: number } = {}): Promise<T[]> {
    const items: T[] = [];
    if (options.limit !== undefined && options.limit <= 0) return items;
    for await (const item of this) {
      items.push(item);
      if (options.limit !== undefined && items.length >= options.limit) break;
    }
    return items;
  }
}
