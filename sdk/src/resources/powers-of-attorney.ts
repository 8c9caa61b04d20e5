import type { PagePromise } from '../core/pagination.js';
import type { RequestOptions } from '../core/request-options.js';
import { APIResource } from '../core/resource.js';
import { path } from '../core/transport.js';
import type { PowerOfAttorney, PowerOfAttorneyListQuery } from '../types.js';

/** Signed powers of attorney handed over to the issuer. */
export class PowersOfAttorney extends APIResource {
  /** Hands over a signed power of attorney: a PDF of at most 10 MB, as bytes or a Blob/File. */
  async upload(pdf: Uint8Array | Blob, filename: string, options?: RequestOptions): Promise<PowerOfAttorney> {
    const form = new FormData();
    const file = pdf instanceof Blob ? pdf : new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
    form.append('file', file, filename);
    return (
      await this.transport.request<PowerOfAttorney>(
        { method: 'POST', path: '/v1/powers-of-attorney', body: form },
        options,
      )
    ).data;
  }

  /** Newest first; await for one page, or iterate for all. */
  list(query: PowerOfAttorneyListQuery = {}, options?: RequestOptions): PagePromise<PowerOfAttorney> {
    return this.paginate('/v1/powers-of-attorney', query, options);
  }

  get(documentId: string, options?: RequestOptions): Promise<PowerOfAttorney> {
    return this.read(path`/v1/powers-of-attorney/${documentId}`, undefined, options);
  }

  /** The PDF as handed over. */
  async download(documentId: string, options?: RequestOptions): Promise<Uint8Array> {
    const request = {
      method: 'GET',
      path: path`/v1/powers-of-attorney/${documentId}/content`,
      parse: 'bytes',
    } as const;
    return (await this.transport.request<Uint8Array>(request, options)).data;
  }
}
