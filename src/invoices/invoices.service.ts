import type { DataSource } from 'typeorm';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import type { ReportQuery } from '../common/report-query';
import { poolExecutor } from '../db/sql-executor';
import type { InvoiceDetail, InvoicePage } from './invoice.dto';
import { toInvoiceGroup, toInvoiceSummary } from './invoice.mapper';
import { InvoicesRepository } from './invoices.repository';

/** A partner's invoices; every query is scoped by the partner id of the token. */
export class InvoicesService {
  private readonly invoices: InvoicesRepository;

  constructor(dataSource: DataSource) {
    this.invoices = new InvoicesRepository(poolExecutor(dataSource));
  }

  async list(partnerId: string, options: { limit?: number; cursor?: string }): Promise<InvoicePage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.invoices.pageOfPartner(partnerId, decodeCursor(options.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ at: row.issued_at, id: row.id }), toInvoiceSummary);
  }

  async get(partnerId: string, invoiceId: string): Promise<InvoiceDetail> {
    const row = await this.invoices.findOfPartner(partnerId, invoiceId);
    if (!row) throw Problem.notFound(`Invoice ${invoiceId}`);
    const groups = await this.invoices.groups(invoiceId);
    return { ...toInvoiceSummary(row), groups: groups.map(toInvoiceGroup) };
  }

  /** The invoice's lines as a report: a JSON page, or the whole CSV/NDJSON export with the company field. */
  async lines(partnerId: string, invoiceId: string): Promise<ReportQuery> {
    await this.get(partnerId, invoiceId);
    return this.invoices.linesReport(invoiceId);
  }
}
