import { messageKey } from '../../../../bench/ws/message-key';

describe('messageKey', () => {
  it('keys a CloudEvent by its id', () => {
    expect(messageKey(JSON.stringify({ specversion: '1.0', id: 'c1:2', type: 'check.progress' }))).toBe(
      'c1:2',
    );
  });

  it('keys a reply by its type', () => {
    expect(messageKey(JSON.stringify({ type: 'subscribed', checkId: 'c1', check: {} }))).toBe('subscribed');
  });

  it('has no key for anything else', () => {
    expect(messageKey('not json')).toBeUndefined();
    expect(messageKey('{"action":"ping"}')).toBeUndefined();
  });
});
