import { taggedId, taggedPayload } from '../../../../bench/suites/fanout/tagged-payload';
import { messageKey } from '../../../../bench/ws/message-key';

const event = JSON.stringify({ specversion: '1.0', id: 'abc:3', source: '/checks', data: { id: 'abc' } });

describe('taggedPayload', () => {
  it('tags the id only, and the clients key the copy by the tagged id', () => {
    const tagged = taggedPayload(event, 'direct-50-0');
    expect(JSON.parse(tagged)).toEqual({ ...JSON.parse(event), id: 'abc:3~direct-50-0' });
    expect(messageKey(tagged)).toBe(taggedId('abc:3', 'direct-50-0'));
  });

  it('refuses a payload that is not a CloudEvent', () => {
    expect(() => taggedPayload('{"type":"pong"}', 'x')).toThrow('not a CloudEvent');
  });
});
