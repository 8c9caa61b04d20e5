import type { PowerOfAttorney } from './power-of-attorney.dto';
import type { PowerOfAttorneyRow } from './powers-of-attorney.repository';
import { isoTimestamp } from '../common/iso-timestamp';

export function toPowerOfAttorney(row: PowerOfAttorneyRow): PowerOfAttorney {
  return {
    id: row.id,
    filename: row.filename,
    sizeBytes: row.size_bytes,
    sha256: row.sha256,
    digitallySigned: row.digitally_signed,
    uploadedAt: isoTimestamp(row.uploaded_at),
    keepUntil: row.keep_until,
  };
}
