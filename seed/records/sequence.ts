/**
 * Running numbers for record ids and document numbers, one sequence per key (e.g. year + district).
 * The demo cast uses numbers below FIRST_GENERATED_NUMBER, so generated records never take its ids.
 */
export const FIRST_GENERATED_NUMBER = 100;

export class SequenceCounter {
  private readonly next = new Map<string, number>();

  take(key: string): number {
    const value = this.next.get(key) ?? FIRST_GENERATED_NUMBER;
    this.next.set(key, value + 1);
    return value;
  }
}

export function padNumber(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
