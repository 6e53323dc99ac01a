/**
 * Folds Vietnamese text for matching: lower case, no tone or vowel marks, đ as d, single
 * spaces, no zero-width characters (a pasted title often carries a ZWSP or a BOM that
 * nobody sees). "nguyen giap", "Nguyên Giáp" and "NGUYEN  GIÁP" all fold to "nguyen giap".
 */
export function foldForSearch(text: string): string {
  return text
    .replace(/\p{Default_Ignorable_Code_Point}/gu, '')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
