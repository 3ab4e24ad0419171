/** Mainland Chinese mobile numbers: an operator's 3-digit network prefix and 8 subscriber digits. */
export const MOBILE_PREFIXES: readonly string[] = Object.freeze([
  // China Mobile
  '134', '135', '136', '137', '138', '139', '147', '150', '151', '152', '157', '158', '159', '178', '182', '183',
  '184', '187', '188', '198',
  // China Unicom
  '130', '131', '132', '155', '156', '166', '175', '176', '185', '186',
  // China Telecom
  '133', '149', '153', '173', '177', '180', '181', '189', '191', '199',
]);
const PREFIXES = new Set(MOBILE_PREFIXES);

export function makeMobileNumber(prefix: string, subscriber: number): string {
  if (!PREFIXES.has(prefix)) throw new Error(`${prefix} is not a mobile network prefix`);
  if (!Number.isInteger(subscriber) || subscriber < 0 || subscriber > 99_999_999) {
    throw new Error(`subscriber number must be 0–99999999, got ${subscriber}`);
  }
  return prefix + String(subscriber).padStart(8, '0');
}

export function isValidMobileNumber(value: string): boolean {
  return /^1\d{10}$/.test(value) && PREFIXES.has(value.slice(0, 3));
}
