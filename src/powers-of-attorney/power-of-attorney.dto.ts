/** A power of attorney you handed over; the document itself is at `/content`. */
export interface PowerOfAttorney {
  /** @format uuid @maxLength 36 */
  id: string;
  /** @maxLength 255 @example "fullmakt-nordlys-2019.pdf" */
  filename: string;
  /** @isInt @minimum 1 @maximum 10485760 */
  sizeBytes: number;
  /** SHA-256 of the file, hex: compare with your copy. @pattern ^[0-9a-f]{64}$ @maxLength 64 @example "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" */
  sha256: string;
  /** Whether the PDF carries an embedded digital signature (a /Sig dictionary); a scanned paper signature does not. */
  digitallySigned: boolean;
  /** @format date-time @maxLength 30 */
  uploadedAt: string;
  /** Kept until this day, ten years after the hand-over; then deleted. @format date @maxLength 10 */
  keepUntil: string;
}

export interface PowerOfAttorneyPage {
  /** @maxItems 100 */
  data: PowerOfAttorney[];
  /** @maxLength 200 */
  nextCursor: string | null;
}
