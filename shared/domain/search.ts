/**
 * Folds Vietnamese text for matching: lower case, no tone or vowel marks, đ as d, single
 * spaces. "nguyen giap", "Nguyên Giáp" and "NGUYEN  GIÁP" all fold to "nguyen giap".
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
