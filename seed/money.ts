/** Yuan with two decimals, rounded to the fen. */
export function roundYuan(value: number): number {
  return Math.round(value * 100) / 100;
}
