/**
 * Valid identifiers for test rows, distinct per `serial`: the subgraphs store what the seed stores, and
 * the seed only makes identifiers whose check character is right.
 */

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11643 check character of a resident ID's first 17 digits. */
export function residentIdCheck(body: string): string {
  const sum = [...body].reduce((total, digit, index) => total + Number(digit) * (RESIDENT_ID_WEIGHTS[index] ?? 0), 0);
  return '10X98765432'.charAt(sum % 11);
}

/** GB 32100 check character of a credit code's first 17 characters. */
export function creditCodeCheck(body: string): string {
  const sum = [...body].reduce(
    (total, char, index) => total + CREDIT_CODE_ALPHABET.indexOf(char) * (CREDIT_CODE_WEIGHTS[index] ?? 0),
    0,
  );
  return CREDIT_CODE_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

/** Luhn check digit of a card number without its last digit. */
export function luhnCheck(body: string): string {
  const sum = [...body].reverse().reduce((total, char, index) => {
    const doubled = index % 2 === 0 ? Number(char) * 2 : Number(char);
    return total + (doubled > 9 ? doubled - 9 : doubled);
  }, 0);
  return String((10 - (sum % 10)) % 10);
}

/** A resident ID (西湖区, born 1990-01-01) with a valid GB 11643 check character, distinct per `serial` (0–999). */
export function residentId(serial: number): string {
  const body = `33010619900101${String(serial).padStart(3, '0')}`;
  return body + residentIdCheck(body);
}

/** A credit code with a valid GB 32100 check character, distinct per `serial` (0–9,999,999). */
export function creditCode(serial: number): string {
  const body = `91330100MA${String(serial).padStart(7, '0')}`;
  return body + creditCodeCheck(body);
}

/** A 19-digit Luhn-valid card number, distinct per `serial` (0–999,999). */
export function bankCard(serial: number): string {
  const body = `622202120399${String(serial).padStart(6, '0')}`;
  return body + luhnCheck(body);
}
