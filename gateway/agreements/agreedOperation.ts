/**
 * The agreed operations as the gateway holds them. The shape is agreements/agreedOperations.ts's
 * `AgreedOperation` (contracts.md); repeated here as a structural type so the pure check below needs no
 * import from the store's side and can be tested over plain data.
 */
export interface AgreedOperationRow {
  readonly agreementId: string;
  readonly clientId: string;
  readonly purpose: string;
  readonly legalBasis: readonly string[];
  readonly operationName: string;
  /** SHA-256 hex (lower case) of the exact text of `document`. */
  readonly documentHash: string;
  readonly document: string;
  readonly validFrom: Date;
  readonly validTo: Date;
  readonly revokedAt: Date | null;
}
