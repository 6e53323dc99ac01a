import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/auth/pre-token.ts';

describe('pre-token-generation trigger', () => {
  it("copies the user's name and unit into the access token, and nothing else", async () => {
    const event = {
      request: {
        userAttributes: {
          sub: 'abc',
          email: 'nguyen-giap@haiphong.example',
          name: 'UBND xã Nguyên Giáp',
          'custom:unitId': 'nguyen-giap',
        },
      },
      response: {},
    } as unknown as PreTokenGenerationV2TriggerEvent;
    const result = await handler(event);
    expect(
      result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({ name: 'UBND xã Nguyên Giáp', 'custom:unitId': 'nguyen-giap' });
  });
});
