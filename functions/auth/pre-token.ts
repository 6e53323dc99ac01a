import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** The claims the API reads; Cognito puts custom attributes in ID tokens only. */
const copied = ['name', 'custom:unitId', 'custom:orgId'] as const;

/**
 * Cognito pre-token-generation trigger (V2): copies the caller's name and unit or org
 * into the access token, which is what API Gateway's JWT authorizer verifies. The app
 * client cannot write these attributes, so a commune user cannot change its own unit.
 */
export async function handler(event: PreTokenGenerationV2TriggerEvent) {
  const attributes = event.request.userAttributes;
  const claimsToAddOrOverride: Record<string, string> = {};
  for (const name of copied) {
    const value = attributes[name];
    if (value) claimsToAddOrOverride[name] = value;
  }
  event.response = {
    claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride } },
  };
  return event;
}
