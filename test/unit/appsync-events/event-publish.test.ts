import {
  checkPublishAnswer,
  EventPublishError,
  publishBody,
} from '../../../lambda/appsync-events/event-publish';

describe('publishBody', () => {
  it('names the channel and carries each event as a JSON string', () => {
    expect(JSON.parse(publishBody('/checks/a/1', ['{"n":1}']))).toEqual({
      channel: '/checks/a/1',
      events: ['{"n":1}'],
    });
  });
});

describe('checkPublishAnswer', () => {
  it('accepts a 200 whose events all succeeded', () => {
    expect(() =>
      checkPublishAnswer(200, JSON.stringify({ failed: [], successful: [{ identifier: 'x', index: 0 }] })),
    ).not.toThrow();
  });

  it('names the code and message of each failed event', () => {
    const body = JSON.stringify({
      failed: [{ identifier: 'x', index: 0, code: 400, message: 'Event too large' }],
    });
    expect(() => checkPublishAnswer(200, body)).toThrow(
      new EventPublishError('AppSync refused 1 event(s): 400: Event too large', 200),
    );
  });

  it.each([
    [401, '{"errors":[{"errorType":"UnauthorizedException","message":"You are not authorized"}]}'],
    [500, ''],
  ])('refuses a %s, with its body', (status, body) => {
    expect(() => checkPublishAnswer(status, body)).toThrow(`AppSync answered ${status}`);
  });

  it.each(['not json', '[1]', '{"failed":"no"}'])('refuses a 200 it cannot read: %s', (body) => {
    expect(() => checkPublishAnswer(200, body)).toThrow(EventPublishError);
  });
});
