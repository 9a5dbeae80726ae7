import {
  attributeEntries,
  batchMessageIds,
  elementText,
  escapeXml,
  snsErrorXml,
  unescapeXml,
  withAttributeEntries,
  withElementText,
  withMembers,
} from '../../../sandbox/sns/fauxqs-xml';

const listAnswer = `<ListSubscriptionsByTopicResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <ListSubscriptionsByTopicResult>
    <Subscriptions><member>
        <SubscriptionArn>arn:a:1</SubscriptionArn>
        <Protocol>https</Protocol>
      </member>
    <member>
        <SubscriptionArn>arn:a:2</SubscriptionArn>
        <Protocol>sqs</Protocol>
      </member></Subscriptions>
  </ListSubscriptionsByTopicResult>
</ListSubscriptionsByTopicResponse>`;

describe('fauxqs XML', () => {
  it('escapes and unescapes the five entities', () => {
    const text = `a<b>&"c'`;
    expect(escapeXml(text)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
    expect(unescapeXml(escapeXml(text))).toBe(text);
    expect(unescapeXml('&amp;lt;')).toBe('&lt;');
  });

  it('reads and replaces the text of an element', () => {
    const xml = '<R><SubscriptionArn>arn:x</SubscriptionArn></R>';
    expect(elementText(xml, 'SubscriptionArn')).toBe('arn:x');
    expect(elementText(xml, 'Missing')).toBeUndefined();
    expect(withElementText(xml, 'SubscriptionArn', 'pending confirmation')).toBe(
      '<R><SubscriptionArn>pending confirmation</SubscriptionArn></R>',
    );
  });

  it('reads and rewrites attribute entries', () => {
    const xml =
      '<Attributes><entry><key>PendingConfirmation</key><value>false</value></entry>\n' +
      '<entry><key>FilterPolicy</key><value>{&quot;a&quot;:[&quot;b&quot;]}</value></entry></Attributes>';
    expect(attributeEntries(xml)).toEqual({ PendingConfirmation: 'false', FilterPolicy: '{"a":["b"]}' });
    const rewritten = withAttributeEntries(xml, { PendingConfirmation: 'true', Absent: 'x' });
    expect(attributeEntries(rewritten)).toEqual({ PendingConfirmation: 'true', FilterPolicy: '{"a":["b"]}' });
  });

  it('rewrites list members one by one', () => {
    const rewritten = withMembers(listAnswer, (member) =>
      elementText(member, 'Protocol') === 'https'
        ? withElementText(member, 'SubscriptionArn', 'PendingConfirmation')
        : member,
    );
    expect([...rewritten.matchAll(/<SubscriptionArn>(.*?)<\/SubscriptionArn>/g)].map((m) => m[1])).toEqual([
      'PendingConfirmation',
      'arn:a:2',
    ]);
  });

  it('reads the message ids of the successful PublishBatch entries only', () => {
    const xml =
      '<PublishBatchResult><Successful><member><Id>a</Id><MessageId>m-a</MessageId></member>' +
      '<member><Id>b</Id><MessageId>m-b</MessageId></member></Successful>' +
      '<Failed><member><Id>c</Id><Code>InvalidParameter</Code></member></Failed></PublishBatchResult>';
    expect([...batchMessageIds(xml)]).toEqual([
      ['a', 'm-a'],
      ['b', 'm-b'],
    ]);
    expect(batchMessageIds('<Successful></Successful>').size).toBe(0);
  });

  it('writes an SNS error answer', () => {
    const xml = snsErrorXml('InvalidParameter', 'Invalid parameter: <FilterPolicy>');
    expect(elementText(xml, 'Code')).toBe('InvalidParameter');
    expect(elementText(xml, 'Message')).toBe('Invalid parameter: <FilterPolicy>');
    expect(elementText(xml, 'Type')).toBe('Sender');
  });
});
