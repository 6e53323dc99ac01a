import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

/** An API Gateway v2 event as the JWT authorizer hands it over, for handler tests. */
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
          claims: options.claims ?? { sub: 'tester', 'cognito:groups': '[delegation]' },
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
