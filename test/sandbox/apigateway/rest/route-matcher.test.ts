import type { MethodModel, ResourceModel } from '../../../../sandbox/apigateway/rest/model';
import { createRouter, pathSegments, selectMethod } from '../../../../sandbox/apigateway/rest/route-matcher';

const method = (httpMethod: string): MethodModel => ({
  httpMethod,
  authorization: { type: 'NONE' },
  integration: { type: 'MOCK', statusCode: 200, headers: {} },
});

const resource = (path: string, ...verbs: string[]): ResourceModel => ({
  id: path,
  path,
  methods: Object.fromEntries(verbs.map((verb) => [verb, method(verb)])),
});

describe('route matching', () => {
  const route = createRouter([
    resource('/'),
    resource('/checks', 'POST'),
    resource('/checks/{id}', 'GET'),
    resource('/checks/{id}/events', 'GET'),
    resource('/checks/latest', 'GET'),
    resource('/files'),
    resource('/files/{proxy+}', 'ANY'),
  ]);

  it('maps the stage root and trailing slashes to their resource', () => {
    expect(route('')?.resource.path).toBe('/');
    expect(route('/')?.resource.path).toBe('/');
    expect(route('/checks/')?.resource.path).toBe('/checks');
  });

  it('prefers a literal segment to a path parameter', () => {
    expect(route('/checks/latest')).toEqual({
      resource: expect.objectContaining({ path: '/checks/latest' }),
      pathParameters: null,
    });
    expect(route('/checks/abc')).toEqual({
      resource: expect.objectContaining({ path: '/checks/{id}' }),
      pathParameters: { id: 'abc' },
    });
    expect(route('/checks/latest/events')).toEqual({
      resource: expect.objectContaining({ path: '/checks/{id}/events' }),
      pathParameters: { id: 'latest' },
    });
  });

  it('keeps path parameter values as the client encoded them', () => {
    expect(route('/checks/a%20b')?.pathParameters).toEqual({ id: 'a%20b' });
  });

  it('gives a greedy parameter the rest of the path, never an empty one', () => {
    expect(route('/files/a/b/c.txt')?.pathParameters).toEqual({ proxy: 'a/b/c.txt' });
    expect(route('/files')?.resource.path).toBe('/files');
  });

  it('finds nothing for unknown paths or empty segments', () => {
    expect(route('/nope')).toBeUndefined();
    expect(route('/checks/abc/other')).toBeUndefined();
    expect(route('/checks//events')).toBeUndefined();
  });

  it('falls back to a less specific resource when the literal branch leads nowhere', () => {
    const withProxy = createRouter([resource('/'), resource('/{proxy+}', 'ANY'), resource('/checks', 'GET')]);
    expect(withProxy('/checks')?.resource.path).toBe('/checks');
    expect(withProxy('/checks/1/x')).toEqual({
      resource: expect.objectContaining({ path: '/{proxy+}' }),
      pathParameters: { proxy: 'checks/1/x' },
    });
  });

  it('selects the verb, else ANY, else nothing', () => {
    const withAny = resource('/x', 'GET', 'ANY');
    expect(selectMethod(withAny, 'GET')?.httpMethod).toBe('GET');
    expect(selectMethod(withAny, 'DELETE')?.httpMethod).toBe('ANY');
    expect(selectMethod(resource('/y', 'GET'), 'POST')).toBeUndefined();
  });

  it('splits paths into segments without the outer slashes', () => {
    expect(pathSegments('/a/b/')).toEqual(['a', 'b']);
    expect(pathSegments('')).toEqual([]);
  });
});
