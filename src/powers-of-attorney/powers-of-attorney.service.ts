import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { type Actor, recordAudit } from '../audit/audit';
import { addMonths, type Clock, osloDate } from '../common/clock';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '../common/pagination';
import { Problem } from '../common/problem';
import { inTransaction, poolExecutor } from '../db/sql-executor';
import type { PowerOfAttorney, PowerOfAttorneyPage } from './power-of-attorney.dto';
import { toPowerOfAttorney } from './power-of-attorney.mapper';
import { PowersOfAttorneyRepository } from './powers-of-attorney.repository';

/** The largest PDF we take: scanned A4 pages at a readable resolution fit well within it. */
export const MAX_POWER_OF_ATTORNEY_BYTES = 10 * 1024 * 1024;
/** How long a power of attorney is kept after it was handed over. */
export const KEEP_YEARS = 10;

/**
 * A PDF by its file signature: it starts with `%PDF-1.x` or `%PDF-2.x` and has an `%%EOF` marker near the end
 * (a truncated upload has none).
 */
export function isPdf(content: Buffer): boolean {
  return (
    /^%PDF-[12]\.\d/.test(content.subarray(0, 8).toString('latin1')) &&
    content.subarray(-1024).toString('latin1').includes('%%EOF')
  );
}

/** An embedded digital signature: a signature dictionary with the byte range it signs. */
export function hasDigitalSignature(content: Buffer): boolean {
  const text = content.toString('latin1');
  return /\/Type\s*\/Sig\b/.test(text) && text.includes('/ByteRange');
}

/** A file name safe to echo in a Content-Disposition header. */
function safeFilename(name: string | undefined): string {
  const cleaned = (name ?? '')
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(0, 200)
    .trim();
  return cleaned.toLowerCase().endsWith('.pdf') ? cleaned : `${cleaned || 'fullmakt'}.pdf`;
}

/** Powers of attorney a partner hands over: stored with their checksum, listed and downloadable by it alone. */
export class PowersOfAttorneyService {
  private readonly documents: PowersOfAttorneyRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.documents = new PowersOfAttorneyRepository(poolExecutor(dataSource));
  }

  async upload(
    partnerId: string,
    file: { originalname?: string; buffer: Buffer; size: number } | undefined,
    actor: Actor,
  ): Promise<PowerOfAttorney> {
    // tsoa does not check that a required file came: a multipart body without one arrives here.
    if (!file) throw Problem.invalid('file', 'is required: send the PDF as the multipart/form-data field "file"');
    if (!isPdf(file.buffer))
      throw Problem.invalid('file', 'must be a PDF document (it does not start with %PDF- and end with %%EOF)');
    const sha256 = createHash('sha256').update(file.buffer).digest('hex');
    const keepUntil = addMonths(osloDate(this.clock.now()), KEEP_YEARS * 12);
    const row = await inTransaction(this.dataSource, async (tx, manager) => {
      const documents = new PowersOfAttorneyRepository(tx);
      const existing = await documents.idBySha256(partnerId, sha256);
      if (existing)
        throw new Problem(
          'duplicate-document',
          `This document was handed over already: power of attorney ${existing}.`,
        );
      const inserted = await documents.insert({
        partnerId,
        filename: safeFilename(file.originalname),
        sizeBytes: file.size,
        sha256,
        digitallySigned: hasDigitalSignature(file.buffer),
        content: file.buffer,
        uploadedBy: actor.id,
        keepUntil,
      });
      await recordAudit(manager, actor, {
        partnerId,
        subjectType: 'power_of_attorney',
        subjectId: inserted.id,
        action: 'handed_over',
        changes: { sha256, sizeBytes: file.size },
      });
      return inserted;
    });
    return toPowerOfAttorney(row);
  }

  async list(partnerId: string, options: { limit?: number; cursor?: string }): Promise<PowerOfAttorneyPage> {
    const limit = options.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.documents.pageOfPartner(partnerId, decodeCursor(options.cursor), limit + 1);
    return toPage(rows, limit, (row) => ({ at: row.uploaded_at, id: row.id }), toPowerOfAttorney);
  }

  async get(partnerId: string, id: string): Promise<PowerOfAttorney> {
    const row = await this.documents.findOfPartner(partnerId, id);
    if (!row) throw Problem.notFound(`Power of attorney ${id}`);
    return toPowerOfAttorney(row);
  }

  async content(partnerId: string, id: string): Promise<{ document: PowerOfAttorney; body: Readable }> {
    const row = await this.documents.findWithContentOfPartner(partnerId, id);
    if (!row) throw Problem.notFound(`Power of attorney ${id}`);
    return { document: toPowerOfAttorney(row), body: Readable.from([row.content]) };
  }
}
