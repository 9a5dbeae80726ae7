import { HttpSubscriptions, isHttpProtocol } from '../../../sandbox/sns/http-subscriptions';

const TOPIC = 'arn:aws:sns:us-east-1:000000000000:T';
const OTHER_TOPIC = 'arn:aws:sns:us-east-1:000000000000:U';

function registry() {
  let next = 0;
  return new HttpSubscriptions(() => `token-${(next += 1)}`);
}

describe('HttpSubscriptions', () => {
  it('tracks a new subscription as pending, with its own token', () => {
    const subscriptions = registry();
    const subscription = subscriptions.track(`${TOPIC}:1`, TOPIC, 'https', 'https://example.com/hook');
    expect(subscription).toEqual({
      arn: `${TOPIC}:1`,
      topicArn: TOPIC,
      protocol: 'https',
      endpoint: 'https://example.com/hook',
      token: 'token-1',
      confirmed: false,
      confirmationWasAuthenticated: false,
    });
    expect(subscriptions.isPending(`${TOPIC}:1`)).toBe(true);
    expect(subscriptions.byToken('token-1')?.arn).toBe(`${TOPIC}:1`);
  });

  it('keeps the token when the same subscription is answered again', () => {
    const subscriptions = registry();
    subscriptions.track(`${TOPIC}:1`, TOPIC, 'http', 'http://a');
    expect(subscriptions.track(`${TOPIC}:1`, TOPIC, 'http', 'http://a').token).toBe('token-1');
  });

  it('confirms once, remembering how', () => {
    const subscriptions = registry();
    subscriptions.track(`${TOPIC}:1`, TOPIC, 'http', 'http://a');
    subscriptions.confirm(`${TOPIC}:1`, true);
    subscriptions.confirm(`${TOPIC}:1`, false);
    expect(subscriptions.get(`${TOPIC}:1`)).toMatchObject({
      confirmed: true,
      confirmationWasAuthenticated: true,
    });
    expect(subscriptions.isPending(`${TOPIC}:1`)).toBe(false);
    expect(subscriptions.isPending('unknown')).toBe(false);
  });

  it('lists the confirmed subscriptions of a topic, in the order they came', () => {
    const subscriptions = registry();
    for (const id of ['1', '2', '3']) subscriptions.track(`${TOPIC}:${id}`, TOPIC, 'http', `http://${id}`);
    subscriptions.track(`${OTHER_TOPIC}:9`, OTHER_TOPIC, 'http', 'http://9');
    subscriptions.confirm(`${TOPIC}:3`, false);
    subscriptions.confirm(`${TOPIC}:1`, false);
    subscriptions.confirm(`${OTHER_TOPIC}:9`, false);
    expect(subscriptions.confirmedOf(TOPIC).map((s) => s.arn)).toEqual([`${TOPIC}:1`, `${TOPIC}:3`]);
  });

  it('forgets a removed subscription and its token, and every one of a deleted topic', () => {
    const subscriptions = registry();
    subscriptions.track(`${TOPIC}:1`, TOPIC, 'http', 'http://a');
    subscriptions.track(`${TOPIC}:2`, TOPIC, 'http', 'http://b');
    expect(subscriptions.remove(`${TOPIC}:1`)?.endpoint).toBe('http://a');
    expect(subscriptions.byToken('token-1')).toBeUndefined();
    subscriptions.removeTopic(TOPIC);
    expect(subscriptions.get(`${TOPIC}:2`)).toBeUndefined();
  });

  it('restores a deactivated subscription once, and only to its topic', () => {
    const subscriptions = registry();
    const token = subscriptions.deactivate({
      topicArn: TOPIC,
      protocol: 'http',
      endpoint: 'http://a',
      attributes: {},
    });
    expect(subscriptions.takeDeactivated(token, OTHER_TOPIC)).toBeUndefined();
    expect(subscriptions.takeDeactivated(token, TOPIC)?.endpoint).toBe('http://a');
    expect(subscriptions.takeDeactivated(token, TOPIC)).toBeUndefined();
  });

  it('knows the HTTP protocols', () => {
    expect(isHttpProtocol('http')).toBe(true);
    expect(isHttpProtocol('https')).toBe(true);
    expect(isHttpProtocol('sqs')).toBe(false);
    expect(isHttpProtocol(undefined)).toBe(false);
  });
});
