/**
 * Bank card numbers: a real issuer BIN, digits, and a Luhn check digit. The synthetic bank's accounts
 * are all cards of these issuers.
 */
export interface CardIssuer {
  /** The bank's name as the accounts table stores it. */
  readonly bank: string;
  /** Issuer identification number (first 6 digits). */
  readonly bin: string;
  readonly length: 16 | 19;
  /** Share of synthetic accounts. */
  readonly weight: number;
}

export const CARD_ISSUERS: readonly CardIssuer[] = Object.freeze([
  { bank: '中国工商银行', bin: '622202', length: 19, weight: 24 },
  { bank: '中国建设银行', bin: '621700', length: 19, weight: 20 },
  { bank: '中国农业银行', bin: '622848', length: 19, weight: 18 },
  { bank: '中国银行', bin: '621661', length: 19, weight: 12 },
  { bank: '招商银行', bin: '622588', length: 16, weight: 10 },
  { bank: '交通银行', bin: '622260', length: 19, weight: 8 },
  { bank: '中国邮政储蓄银行', bin: '621799', length: 19, weight: 8 },
].map((issuer) => Object.freeze(issuer as CardIssuer)));

/** The Luhn check digit for `partial` (the number without its last digit). */
export function luhnCheckDigit(partial: string): string {
  if (!/^\d+$/.test(partial)) throw new Error(`a card number is digits only, got "${partial}"`);
  let sum = 0;
  let double = true;
  for (let index = partial.length - 1; index >= 0; index--) {
    let digit = partial.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return String((10 - (sum % 10)) % 10);
}

export function isLuhnValid(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  return luhnCheckDigit(value.slice(0, -1)) === value.charAt(value.length - 1);
}

/** BIN + `middle` + check digit; `middle` must make the number the issuer's length. */
export function makeCardNumber(issuer: CardIssuer, middle: string): string {
  const partial = issuer.bin + middle;
  if (partial.length !== issuer.length - 1) {
    throw new Error(`${issuer.bank} cards have ${issuer.length} digits; BIN + "${middle}" has ${partial.length} before the check digit`);
  }
  return partial + luhnCheckDigit(partial);
}

export function issuerOfCard(value: string): CardIssuer | undefined {
  return CARD_ISSUERS.find((issuer) => value.startsWith(issuer.bin) && value.length === issuer.length);
}
