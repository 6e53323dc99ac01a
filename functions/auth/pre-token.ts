import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { isSlug } from '#shared/domain/slug.ts';
import { logger } from '#shared/http/logger.ts';

/** `custom:leaderId` holds one leader's id, or several joined by commas (`a,b`). */
const isLeaderList = (value: string) => value.split(',').every(isSlug);

/**
 * The claims the API reads, and the form each must have; Cognito puts custom attributes in
 * ID tokens only. An id that is no slug (`*`, a typo with a space) is not copied: the API
 * then refuses the account (403, it names no unit) instead of reading with a bad id.
 */
const copied: [name: string, valid: (value: string) => boolean][] = [
  ['name', () => true],
  ['custom:unitId', isSlug],
  ['custom:orgId', isSlug],
  ['custom:leaderId', isLeaderList],
];

/**
 * Cognito pre-token-generation trigger (V2): copies the caller's name and unit, org or
 * leaders into the access token, which is what API Gateway's JWT authorizer verifies. The
 * app client cannot write these attributes, so a commune user cannot change its own unit.
 */
export async function handler(event: PreTokenGenerationV2TriggerEvent) {
  const attributes = event.request.userAttributes;
  const claimsToAddOrOverride: Record<string, string> = {};
  for (const [name, valid] of copied) {
    const value = attributes[name];
    if (!value) continue;
    if (valid(value)) claimsToAddOrOverride[name] = value;
    else {
      logger.warn('attribute not copied: not an id', { name, sub: attributes.sub });
    }
  }
  event.response = {
    claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride } },
  };
  return event;
}
