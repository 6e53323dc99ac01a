import { handler } from '#functions/units/get.ts';
import { httpEvent, lambdaContext } from '#infra/local/lambda-events.ts';

/** `GET /units/an-phu` through the Lambda handler, as API Gateway calls it. */
export const getAnPhu = () =>
  handler(
    httpEvent({ routeKey: 'GET /units/{unitId}', pathParameters: { unitId: 'an-phu' } }),
    lambdaContext,
  );
