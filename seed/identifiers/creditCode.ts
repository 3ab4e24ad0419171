/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registration-authority code, entity-type
 * code, 6-digit division code, the 9-character organisation code (GB 11714, with its own check character)
 * and a final check character, all over the 31-character alphabet without I, O, S, V and Z.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORGANIZATION_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** GB 11714 check character of an organisation code's first 8 characters (digits 0–9, letters A=10 … Z=35). */
export function organizationCodeCheckCharacter(body: string): string {
  if (!/^[0-9A-Z]{8}$/.test(body)) throw new Error(`an organisation code body is 8 characters 0-9A-Z, got "${body}"`);
  let sum = 0;
  for (let index = 0; index < 8; index++) {
    const code = body.charCodeAt(index);
    const value = code <= 57 ? code - 48 : code - 55;
    sum += value * (ORGANIZATION_WEIGHTS[index] as number);
  }
  const check = 11 - (sum % 11);
  return check === 10 ? 'X' : check === 11 ? '0' : String(check);
}

/** GB 32100 check character of the first 17 characters. */
export function creditCodeCheckCharacter(body: string): string {
  if (body.length !== 17) throw new Error(`a credit code body is 17 characters, got "${body}"`);
  let sum = 0;
  for (let index = 0; index < 17; index++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(body.charAt(index));
    if (value < 0) throw new Error(`"${body.charAt(index)}" is not in the credit code alphabet`);
    sum += value * (CREDIT_WEIGHTS[index] as number);
  }
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

export interface CreditCodeParts {
  /** 9 = market supervision (工商). */
  authority: string;
  /** With authority 9: 1 = enterprise, 2 = individual business (个体工商户), 3 = farmers' cooperative. */
  entityType: string;
  division: string;
  /** The organisation code's 8 characters before its check character. */
  organizationBody: string;
}

export function makeCreditCode({ authority, entityType, division, organizationBody }: CreditCodeParts): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`division code must be 6 digits, got "${division}"`);
  const organizationCode = organizationBody + organizationCodeCheckCharacter(organizationBody);
  const body = `${authority}${entityType}${division}${organizationCode}`;
  return body + creditCodeCheckCharacter(body);
}

/** 18 characters of the alphabet, a valid organisation-code check character and a valid final check character. */
export function isValidCreditCode(value: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(value) || !/^\d{6}$/.test(value.slice(2, 8))) return false;
  if (organizationCodeCheckCharacter(value.slice(8, 16)) !== value.charAt(16)) return false;
  return creditCodeCheckCharacter(value.slice(0, 17)) === value.charAt(17);
}
