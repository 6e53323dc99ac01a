/**
 * The ids of units, offices and leaders (`nguyen-giap`): lowercase ASCII words joined by
 * single hyphens, at most 64 characters. Safe in keys, URLs and file names, and never the
 * listings' `*` ("any unit"). Plain code, so the Cognito trigger can check a slug without
 * carrying a schema library.
 */
export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const slugMaxLength = 64;

export function isSlug(value: unknown): value is string {
  return typeof value === 'string' && value.length <= slugMaxLength && slugPattern.test(value);
}
