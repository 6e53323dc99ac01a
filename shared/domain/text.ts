/**
 * Vietnamese text handling: one place for normalisation and collation, so every list
 * sorts the way a Vietnamese reader expects (Ái after An, Đ after D) and every stored
 * name is in the composed (NFC) form that search and equality rely on.
 */

// Made on first use: loading the Vietnamese collation data costs ~10 ms of every cold
// start, and most requests never sort.
let collator: Intl.Collator | undefined;

/** Composed Unicode form: "Nguyên Giáp" typed with combining marks equals the precomposed one. */
export function toNfc(text: string): string {
  return text.normalize('NFC');
}

/**
 * Characters that show nothing on their own: white space, zero-width and other
 * default-ignorable code points (ZWSP, ZWJ, BOM, soft hyphen, bidi marks, Hangul fillers),
 * combining marks without a base, controls, lone surrogates and the blank braille pattern.
 * A text made only of these looks empty to whoever reads it. Code points this runtime does
 * not know yet are not among them: a newer emoji is still something to see.
 */
const invisible =
  /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{M}\p{Cc}\p{Cf}\p{Cs}\p{Z}\u2800]*$/u;

/** Whether a reader would see anything of the text. */
export function hasVisibleCharacter(text: string): boolean {
  return !invisible.test(text);
}

export function compareVietnamese(a: string, b: string): number {
  collator ??= new Intl.Collator('vi', { usage: 'sort', sensitivity: 'variant', numeric: true });
  return collator.compare(a, b);
}

export function sortByVietnamese<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareVietnamese(key(a), key(b)));
}
