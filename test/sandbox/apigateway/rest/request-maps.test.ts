import {
  headerMaps,
  headerPairs,
  queryMaps,
  withGatewayHeaders,
} from '../../../../sandbox/apigateway/rest/request-maps';

describe('request maps', () => {
  it('keeps the last value of a repeated query key in the single-value map, and all in the multi-value one', () => {
    expect(queryMaps('n=you&n=me&q=a+b%2Fc&flag')).toEqual({
      queryStringParameters: { n: 'me', q: 'a b/c', flag: '' },
      multiValueQueryStringParameters: { n: ['you', 'me'], q: ['a b/c'], flag: [''] },
    });
  });

  it('gives null maps for no query', () => {
    expect(queryMaps('')).toEqual({ queryStringParameters: null, multiValueQueryStringParameters: null });
    expect(queryMaps('&')).toEqual({ queryStringParameters: null, multiValueQueryStringParameters: null });
  });

  it('leaves a malformed escape as it is', () => {
    expect(queryMaps('x=%zz').queryStringParameters).toEqual({ x: '%zz' });
  });

  it('drops hop-by-hop headers, capitalizes Authorization and keeps the last of repeated headers', () => {
    const pairs = headerPairs([
      'host',
      'api.local',
      'authorization',
      'Bearer t',
      'Connection',
      'keep-alive',
      'Content-Length',
      '3',
      'X-Tag',
      'a',
      'x-tag',
      'b',
    ]);
    expect(headerMaps(pairs)).toEqual({
      headers: { host: 'api.local', Authorization: 'Bearer t', 'X-Tag': 'b' },
      multiValueHeaders: { host: ['api.local'], Authorization: ['Bearer t'], 'X-Tag': ['a', 'b'] },
    });
  });

  it("adds the gateway's forwarding headers and keeps a caller's trace id", () => {
    const values = { sourceIp: '10.0.0.9', port: 4010, protocol: 'http' as const, traceId: 'Root=1-new' };
    expect(
      withGatewayHeaders(
        [
          ['Host', 'h'],
          ['X-Forwarded-For', '1.2.3.4'],
        ],
        values,
      ),
    ).toEqual([
      ['Host', 'h'],
      ['X-Amzn-Trace-Id', 'Root=1-new'],
      ['X-Forwarded-For', '1.2.3.4, 10.0.0.9'],
      ['X-Forwarded-Port', '4010'],
      ['X-Forwarded-Proto', 'http'],
    ]);
    expect(withGatewayHeaders([['x-amzn-trace-id', 'Root=1-old']], values)).toContainEqual([
      'x-amzn-trace-id',
      'Root=1-old',
    ]);
    expect(withGatewayHeaders([['x-amzn-trace-id', 'Root=1-old']], values)).not.toContainEqual([
      'X-Amzn-Trace-Id',
      'Root=1-new',
    ]);
  });
});
