import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { handler } from '#functions/auth/pre-token.ts';
import { logger } from '#shared/http/logger.ts';

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

function triggerEvent(userAttributes: Record<string, string>) {
  return {
    request: { userAttributes: { sub: 'abc', ...userAttributes } },
    response: {},
  } as unknown as PreTokenGenerationV2TriggerEvent;
}

async function copiedClaims(userAttributes: Record<string, string>) {
  const result = await handler(triggerEvent(userAttributes));
  return result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration
    ?.claimsToAddOrOverride;
}

describe('pre-token-generation trigger: only ids are copied', () => {
  it('M1: does not copy a unit or org attribute that is not a slug, "*" above all', async () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      for (const bad of ['*', 'An Phú', 'an-phu,ai-quoc', ' an-phu', 'a'.repeat(65)]) {
        expect(await copiedClaims({ name: 'X', 'custom:unitId': bad })).toEqual({ name: 'X' });
        expect(await copiedClaims({ 'custom:orgId': bad })).toEqual({});
      }
      // The attribute is named, its value never logged.
      expect(JSON.stringify(warn.mock.calls)).toContain('custom:unitId');
      expect(JSON.stringify(warn.mock.calls)).not.toContain('An Phú');
    } finally {
      warn.mockRestore();
    }
    expect(await copiedClaims({ 'custom:orgId': 'so-noi-vu' })).toEqual({
      'custom:orgId': 'so-noi-vu',
    });
  });

  it("M4: copies a delegation's leaders, one id or several joined by commas, and nothing else", async () => {
    expect(await copiedClaims({ 'custom:leaderId': 'le-tien-chau' })).toEqual({
      'custom:leaderId': 'le-tien-chau',
    });
    expect(await copiedClaims({ 'custom:leaderId': 'le-tien-chau,le-van-hieu' })).toEqual({
      'custom:leaderId': 'le-tien-chau,le-van-hieu',
    });
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      for (const bad of ['*', 'le-tien-chau, le-van-hieu', 'le-tien-chau,', 'Lê Tiến Châu']) {
        expect(await copiedClaims({ 'custom:leaderId': bad })).toEqual({});
      }
    } finally {
      warn.mockRestore();
    }
  });
});
