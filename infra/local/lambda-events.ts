import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

/**
 * The claims the authorizer passes for every valid access token, as text like API Gateway
 * writes them; a test's own claims (subject, groups, unit…) come on top. Tests of tokens
 * that lack one of these build their events themselves.
 */
export function accessTokenClaims(nowMs = Date.now()) {
  const seconds = Math.floor(nowMs / 1000);
  return {
    token_use: 'access',
    client_id: 'test-client',
    iss: 'https://cognito-idp.ap-southeast-1.amazonaws.com/ap-southeast-1_test',
    iat: String(seconds),
    exp: String(seconds + 3600),
  };
}

/** The caller of an event that names none: a delegation acting for Lê Tiến Châu. */
export const delegationClaims = {
  sub: 'tester',
  'cognito:groups': '[delegation]',
  'custom:leaderId': 'le-tien-chau',
};

/**
 * An API Gateway v2 event as the JWT authorizer hands it over, for handler tests. The
 * units, offices and leaders claims name are checked against the reference case's
 * (test/unit/setup.ts), as a deployed function checks them against its table.
 */
export function httpEvent(options: {
  routeKey: string;
  pathParameters?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  claims?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', path = '/'] = options.routeKey.split(' ');
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: '',
    headers: options.headers ?? {},
    pathParameters: options.pathParameters,
    queryStringParameters: options.queryStringParameters,
    body: options.body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'test',
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims: { ...accessTokenClaims(), ...(options.claims ?? delegationClaims) },
          scopes: [],
        },
      },
      domainName: 'test.example',
      domainPrefix: 'test',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: options.routeKey,
      stage: '$default',
      time: '04/Jul/2025:10:00:00 +0000',
      timeEpoch: 1751623200000,
    },
  };
}

export const lambdaContext: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:123456789012:function:test',
  memoryLimitInMB: '512',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};
