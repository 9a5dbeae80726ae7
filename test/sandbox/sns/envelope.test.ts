import { createVerify, X509Certificate } from 'node:crypto';
import {
  confirmationEnvelope,
  deliveryHeaders,
  notificationEnvelope,
  signatureVersionOf,
  subscribeUrl,
  unsubscribeUrl,
  type EnvelopeSigner,
} from '../../../sandbox/sns/envelope';
import { createSandboxSigner } from '../../../sandbox/sns/signer';
import { stringToSign } from '../../../sandbox/sns/string-to-sign';

const BASE = 'http://127.0.0.1:4021';
const TOPIC = 'arn:aws:sns:us-east-1:000000000000:Events';
const SUBSCRIPTION = `${TOPIC}:6b0f3c0e-1b7a-4a51-8a8e-0f1d5d3c2b1a`;

/** Records what it was asked to sign, so the string to sign can be checked. */
function recordingSigner(): EnvelopeSigner & { signed: Array<[string, string]> } {
  const signed: Array<[string, string]> = [];
  return {
    signed,
    certUrl: `${BASE}/SimpleNotificationService-test.pem`,
    sign: (text, version) => {
      signed.push([text, version]);
      return `signature-v${version}`;
    },
  };
}

describe('stringToSign', () => {
  it('signs a Notification’s Message, MessageId, Subject, Timestamp, TopicArn and Type, in that order', () => {
    expect(
      stringToSign({
        Type: 'Notification',
        MessageId: 'm-1',
        TopicArn: TOPIC,
        Subject: 'Hi',
        Message: 'hello',
        Timestamp: '2026-01-01T00:00:00.000Z',
        UnsubscribeURL: 'ignored',
      }),
    ).toBe(
      `Message\nhello\nMessageId\nm-1\nSubject\nHi\nTimestamp\n2026-01-01T00:00:00.000Z\nTopicArn\n${TOPIC}\nType\nNotification\n`,
    );
  });

  it('leaves Subject out when there is none', () => {
    expect(
      stringToSign({ Type: 'Notification', MessageId: 'm', TopicArn: 't', Message: 'x', Timestamp: 'ts' }),
    ).toBe('Message\nx\nMessageId\nm\nTimestamp\nts\nTopicArn\nt\nType\nNotification\n');
  });

  it('signs SubscribeURL and Token of a confirmation', () => {
    expect(
      stringToSign({
        Type: 'SubscriptionConfirmation',
        MessageId: 'm',
        Token: 'tok',
        TopicArn: 't',
        Message: 'x',
        SubscribeURL: 'u',
        Timestamp: 'ts',
      }),
    ).toBe(
      'Message\nx\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\ntok\nTopicArn\nt\nType\nSubscriptionConfirmation\n',
    );
  });
});

describe('notificationEnvelope', () => {
  const input = {
    messageId: 'm-1',
    topicArn: TOPIC,
    message: '{"id":"c-1:2"}',
    timestamp: '2026-01-01T00:00:00.000Z',
    unsubscribeUrl: unsubscribeUrl(BASE, SUBSCRIPTION),
    messageAttributes: {},
  };

  it('has AWS’s fields in AWS’s order, without Subject or MessageAttributes when none were published', () => {
    const signer = recordingSigner();
    const envelope = notificationEnvelope(input, '1', signer);
    expect(Object.keys(envelope)).toEqual([
      'Type',
      'MessageId',
      'TopicArn',
      'Message',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
      'UnsubscribeURL',
    ]);
    expect(envelope).toMatchObject({
      Type: 'Notification',
      SignatureVersion: '1',
      Signature: 'signature-v1',
      SigningCertURL: signer.certUrl,
      UnsubscribeURL: `${BASE}/?Action=Unsubscribe&SubscriptionArn=${SUBSCRIPTION}`,
    });
    expect(signer.signed).toEqual([[stringToSign(envelope as unknown as Record<string, unknown>), '1']]);
  });

  it('carries the Subject and the message attributes as Type and Value', () => {
    const envelope = notificationEnvelope(
      {
        ...input,
        subject: 'Done',
        messageAttributes: {
          type: { DataType: 'String', StringValue: 'check.done' },
          tags: { DataType: 'String.Array', StringValue: '["a","b"]' },
          size: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: 'AAE=' },
        },
      },
      '2',
      recordingSigner(),
    );
    expect(envelope.Subject).toBe('Done');
    expect(envelope.SignatureVersion).toBe('2');
    expect(envelope.MessageAttributes).toEqual({
      type: { Type: 'String', Value: 'check.done' },
      tags: { Type: 'String.Array', Value: '["a","b"]' },
      size: { Type: 'Number', Value: '3' },
      blob: { Type: 'Binary', Value: 'AAE=' },
    });
  });

  it('names the subscription in the UnsubscribeURL, where the failure recorder reads it', () => {
    const envelope = notificationEnvelope(input, '1', recordingSigner());
    expect(new URL(envelope.UnsubscribeURL).searchParams.get('SubscriptionArn')).toBe(SUBSCRIPTION);
  });
});

describe('confirmationEnvelope', () => {
  const base = {
    messageId: 'm-2',
    topicArn: TOPIC,
    subscriptionArn: SUBSCRIPTION,
    token: 'a1b2',
    subscribeUrl: subscribeUrl(BASE, TOPIC, 'a1b2'),
    timestamp: '2026-01-01T00:00:00.000Z',
  };

  it('a SubscriptionConfirmation: AWS’s fields and message, and a SubscribeURL that carries topic and token', () => {
    const envelope = confirmationEnvelope(
      { ...base, type: 'SubscriptionConfirmation' },
      '1',
      recordingSigner(),
    );
    expect(Object.keys(envelope)).toEqual([
      'Type',
      'MessageId',
      'Token',
      'TopicArn',
      'Message',
      'SubscribeURL',
      'Timestamp',
      'SignatureVersion',
      'Signature',
      'SigningCertURL',
    ]);
    expect(envelope.Message).toBe(
      `You have chosen to subscribe to the topic ${TOPIC}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
    );
    const url = new URL(envelope.SubscribeURL);
    expect(url.origin).toBe(BASE);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'ConfirmSubscription',
      TopicArn: TOPIC,
      Token: 'a1b2',
    });
  });

  it('an UnsubscribeConfirmation names the subscription it deactivated', () => {
    const envelope = confirmationEnvelope(
      { ...base, type: 'UnsubscribeConfirmation' },
      '1',
      recordingSigner(),
    );
    expect(envelope.Type).toBe('UnsubscribeConfirmation');
    expect(envelope.Message).toBe(
      `You have chosen to deactivate subscription ${SUBSCRIPTION}.\nTo cancel this operation and restore the subscription, visit the SubscribeURL included in this message.`,
    );
  });
});

describe('deliveryHeaders', () => {
  const common = { messageId: 'm', topicArn: TOPIC, subscriptionArn: SUBSCRIPTION };

  it('a Notification: the SNS headers, text/plain and the SNS agent', () => {
    expect(deliveryHeaders({ ...common, type: 'Notification' })).toEqual({
      'x-amz-sns-message-type': 'Notification',
      'x-amz-sns-message-id': 'm',
      'x-amz-sns-topic-arn': TOPIC,
      'x-amz-sns-subscription-arn': SUBSCRIPTION,
      'Content-Type': 'text/plain; charset=UTF-8',
      'User-Agent': 'Amazon Simple Notification Service Agent',
    });
  });

  it('a SubscriptionConfirmation has no subscription header; an UnsubscribeConfirmation has one', () => {
    expect(deliveryHeaders({ ...common, type: 'SubscriptionConfirmation' })).not.toHaveProperty(
      'x-amz-sns-subscription-arn',
    );
    expect(deliveryHeaders({ ...common, type: 'UnsubscribeConfirmation' })).toHaveProperty(
      'x-amz-sns-subscription-arn',
      SUBSCRIPTION,
    );
  });

  it('raw delivery and the requestPolicy content type', () => {
    const headers = deliveryHeaders({
      ...common,
      type: 'Notification',
      raw: true,
      contentType: 'application/json',
    });
    expect(headers['x-amz-sns-rawdelivery']).toBe('true');
    expect(headers['Content-Type']).toBe('application/json; charset=UTF-8');
  });
});

describe('signatureVersionOf', () => {
  it('is 1 unless the topic asks for 2', () => {
    expect(signatureVersionOf(undefined)).toBe('1');
    expect(signatureVersionOf('2')).toBe('2');
  });
});

describe('the sandbox signer', () => {
  const signer = createSandboxSigner(BASE);

  it('serves its certificate at an AWS-shaped path on the sandbox', () => {
    expect(signer.certPath).toMatch(/^\/SimpleNotificationService-[0-9a-f]{32}\.pem$/);
    expect(signer.certUrl).toBe(`${BASE}${signer.certPath}`);
  });

  it('makes a self-signed certificate that Node reads and that verifies itself', () => {
    const certificate = new X509Certificate(signer.certificatePem);
    expect(certificate.subject).toContain('CN=SNS signing certificate of the realtime-checks sandbox');
    expect(certificate.verify(certificate.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now());
  });

  it.each([
    ['1', 'RSA-SHA1'],
    ['2', 'RSA-SHA256'],
  ] as const)(
    'signs envelopes a receiver verifies with the certificate (SignatureVersion %s, %s)',
    (version, algorithm) => {
      const envelope = notificationEnvelope(
        {
          messageId: 'm-3',
          topicArn: TOPIC,
          subject: 'S',
          message: 'hello',
          timestamp: '2026-01-01T00:00:00.000Z',
          unsubscribeUrl: unsubscribeUrl(BASE, SUBSCRIPTION),
          messageAttributes: {},
        },
        version,
        signer,
      );
      const verify = (text: string) =>
        createVerify(algorithm)
          .update(text, 'utf8')
          .verify(new X509Certificate(signer.certificatePem).publicKey, envelope.Signature, 'base64');
      expect(verify(stringToSign(envelope as unknown as Record<string, unknown>))).toBe(true);
      expect(verify(stringToSign({ ...envelope, Message: 'tampered' }))).toBe(false);
    },
  );
});
