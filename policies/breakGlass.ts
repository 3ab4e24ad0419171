/**
 * Break-glass justifications (X-Break-Glass): what counts as "at least a sentence". The text is read as
 * a reviewing privacy officer would: a statement of why the usual limit must give way this once, not a
 * token to get past it. Pure; the gateway decodes the header (gateway/budgets/breakGlassHeader.ts).
 */

export const JUSTIFICATION_LIMITS = Object.freeze({
  /** Characters (code points) after surrounding and repeated whitespace are collapsed. */
  minLength: 15,
  maxLength: 500,
  /** Letters of any script. */
  minLetters: 10,
  /** Distinct letters, case-folded: `aaaaaaaaaaaaaaa`, `xxxx yyyy zzzz` are filler. */
  minDistinctLetters: 6,
  /** Distinct words of a spaced script (`urgent urgent urgent` is one word), … */
  minDistinctWords: 3,
  /** … or characters of a script written without spaces (Chinese, Japanese). */
  minDistinctUnspacedCharacters: 6,
});

/** Scripts written without spaces between words: each character counts towards the sentence. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;
const LETTER = /\p{L}/u;
const CONTROL = /[\p{Cc}\p{Cf}]/u;

/** The justification as recorded: surrounding whitespace trimmed, runs of whitespace made one space. */
export function normaliseJustification(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/gu, ' ');
}

/** Why `text` is not a justification (one sentence for the caller), or undefined when it is one. */
export function justificationProblem(text: string): string | undefined {
  const { minLength, maxLength, minLetters, minDistinctLetters, minDistinctWords, minDistinctUnspacedCharacters } = JUSTIFICATION_LIMITS;
  const normalised = normaliseJustification(text);
  const characters = [...normalised];
  if (CONTROL.test(normalised)) return 'it contains control or formatting characters';
  if (characters.length < minLength) return `it is ${characters.length} characters long; a justification is a sentence of at least ${minLength}`;
  if (characters.length > maxLength) return `it is ${characters.length} characters long; at most ${maxLength}`;
  const letters = characters.filter((character) => LETTER.test(character)).map((character) => character.toLocaleLowerCase());
  if (letters.length < minLetters) return `it has ${letters.length} letters; a sentence has at least ${minLetters}`;
  if (new Set(letters).size < minDistinctLetters) return 'it repeats the same few letters: say why this request must exceed its limit';
  const unspaced = new Set(letters.filter((letter) => UNSPACED.test(letter)));
  const words = new Set(
    normalised
      .toLocaleLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((word) => [...word].some((character) => LETTER.test(character) && !UNSPACED.test(character))),
  );
  if (words.size < minDistinctWords && unspaced.size < minDistinctUnspacedCharacters) {
    return `it has ${words.size} distinct words; a sentence has at least ${minDistinctWords} (or ${minDistinctUnspacedCharacters} distinct characters in Chinese)`;
  }
  return undefined;
}
