/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): 6-digit division code, 8-digit birth date,
 * 3-digit sequence (odd last digit for men, even for women) and an ISO 7064 MOD 11-2 check character.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

export type Gender = '男' | '女';

/** The check character of the first 17 digits. */
export function residentIdCheckCharacter(body: string): string {
  if (!/^\d{17}$/.test(body)) throw new Error(`a resident ID body is 17 digits, got "${body}"`);
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += (body.charCodeAt(index) - 48) * (WEIGHTS[index] as number);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

export interface ResidentIdParts {
  division: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** 0–999; its parity must match the gender. */
  sequence: number;
}

export function makeResidentId({ division, birthDate, sequence }: ResidentIdParts): string {
  if (!/^\d{6}$/.test(division)) throw new Error(`division code must be 6 digits, got "${division}"`);
  if (!isCalendarDate(birthDate)) throw new Error(`not a calendar date: "${birthDate}"`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new Error(`sequence must be 0–999, got ${sequence}`);
  const body = `${division}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return body + residentIdCheckCharacter(body);
}

/**
 * The same as makeResidentId for inputs already known to be valid (a 6-digit division, 'YYYYMMDD',
 * a sequence 0–999): the generator's hot path, which makes hundreds of thousands of these.
 */
export function composeResidentId(division: string, compactBirthDate: string, sequence: number): string {
  const body = division + compactBirthDate + (sequence < 10 ? '00' : sequence < 100 ? '0' : '') + sequence;
  let sum = 0;
  for (let index = 0; index < 17; index++) sum += (body.charCodeAt(index) - 48) * (WEIGHTS[index] as number);
  return body + CHECK_CHARACTERS.charAt(sum % 11);
}

/** The sequence number for sequence slot `slot` (0–498): men get 2·slot+1, women 2·slot+2. */
export function sequenceForGender(slot: number, gender: Gender): number {
  if (!Number.isInteger(slot) || slot < 0 || slot > 498) throw new Error(`sequence slot must be 0–498, got ${slot}`);
  return gender === '男' ? 2 * slot + 1 : 2 * slot + 2;
}

/** 18 characters, a real birth date, the right check character. */
export function isValidResidentId(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const birthDate = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  if (!isCalendarDate(birthDate) || Number(value.slice(6, 10)) < 1900) return false;
  return residentIdCheckCharacter(value.slice(0, 17)) === value.charAt(17);
}

export function residentIdGender(value: string): Gender {
  return Number(value.charAt(16)) % 2 === 1 ? '男' : '女';
}

/** YYYY-MM-DD. */
export function residentIdBirthDate(value: string): string {
  return `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
}

export function residentIdDivision(value: string): string {
  return value.slice(0, 6);
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
