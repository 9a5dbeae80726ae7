import { checkChannel, subscribeRefusal } from '../../../lambda/appsync-events/channel-policy';

const CHECK = '5f0c2a4e-8b1d-4c3e-9a7f-1e2d3c4b5a69';

describe('checkChannel', () => {
  it('puts a check in its tenant’s part of the namespace', () => {
    expect(checkChannel('checks', 'acme', CHECK)).toBe(`/checks/acme/${CHECK}`);
  });
});

describe('subscribeRefusal', () => {
  it.each([
    ['one of its checks', `/checks/b/${CHECK}`],
    ['every check of its own', '/checks/b/*'],
  ])('lets tenant b subscribe to %s', (_, channel) => {
    expect(subscribeRefusal('checks', 'b', channel)).toBeUndefined();
  });

  it.each([
    ['a check of another tenant', `/checks/a/${CHECK}`],
    ['every check of another tenant', '/checks/a/*'],
    ['every tenant', '/checks/*'],
    ['every tenant, deeper', '/checks/*/*'],
    ['every tenant’s copy of its check id', `/checks/*/${CHECK}`],
    ['every namespace', '/*'],
    ['another namespace', `/other/b/${CHECK}`],
    ['another namespace’s copy of its tenant', '/other/b/*'],
    ['a tenant whose name starts with its own', `/checks/bb/${CHECK}`],
    ['a tenant whose name it starts', `/checks/b-other/*`],
    ['its tenant in another case', `/checks/B/${CHECK}`],
    ['its tenant as a partial wildcard', '/checks/b*/*'],
    ['a partial wildcard in the check', '/checks/b/5f0c*'],
    ['its tenant alone', '/checks/b'],
    ['its tenant with a trailing slash', '/checks/b/'],
    ['a path below a check', `/checks/b/${CHECK}/more`],
    ['a wildcard below its tenant, deeper', '/checks/b/*/*'],
    ['a path without the leading slash', `checks/b/${CHECK}`],
    ['an empty segment before its tenant', `/checks//b/${CHECK}`],
    ['a dot segment', '/checks/b/..'],
    ['a climb out of its tenant', `/checks/b/../a`],
    ['an empty channel', ''],
  ])('refuses tenant b %s', (_, channel) => {
    expect(subscribeRefusal('checks', 'b', channel)).toEqual(expect.any(String));
  });

  it('names the channel it refuses', () => {
    expect(subscribeRefusal('checks', 'b', '/checks/a/*')).toContain('/checks/a/*');
  });
});
