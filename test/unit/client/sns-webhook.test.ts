import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSnsWebhookHandler,
  isAwsCertificateUrl,
  verifySnsMessage,
  type SnsConfirmation,
  type SnsNotification,
} from '../../../client/node/sns-webhook';
import type { CheckCloudEvent } from '../../../client/types';
import {
  confirmationEnvelope,
  notificationEnvelope,
  type SignatureVersion,
} from '../../../sandbox/sns/envelope';
import { createSandboxSigner } from '../../../sandbox/sns/signer';
import { eventOf } from './fixtures';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:webhooks';
let hosts = 0;

/** A signer like the sandbox's, on a host of its own so the verifier's certificate cache starts empty. */
function signerSetup() {
  hosts += 1;
  const signer = createSandboxSigner(`http://sns-${hosts}.test`);
  const fetched: string[] = [];
  const fakeFetch = (async (input: string | URL | Request) => {
    fetched.push(String(input));
    if (String(input) === signer.certUrl) return new Response(signer.certificatePem);
    return new Response('confirmed', { status: 200 });
  }) as typeof fetch;
  const options = { fetch: fakeFetch, isTrustedCertificateUrl: (url: URL) => url.href === signer.certUrl };
  return { signer, fetched, options };
}

function notification(
  signer: ReturnType<typeof createSandboxSigner>,
  version: SignatureVersion,
  message: string,
) {
  return notificationEnvelope(
    {
      messageId: 'm-1',
      topicArn: TOPIC,
      subject: 'check.done',
      message,
      timestamp: '2026-01-01T00:00:00.000Z',
      unsubscribeUrl: 'http://sns.test/?Action=Unsubscribe',
      messageAttributes: { type: { DataType: 'String', StringValue: 'check.done' } },
    },
    version,
    signer,
  );
}

function confirmation(signer: ReturnType<typeof createSandboxSigner>) {
  return confirmationEnvelope(
    {
      type: 'SubscriptionConfirmation',
      messageId: 'm-2',
      topicArn: TOPIC,
      subscriptionArn: `${TOPIC}:sub`,
      token: 'tok',
      subscribeUrl: 'http://sns.test/?Action=ConfirmSubscription&Token=tok',
      timestamp: '2026-01-01T00:00:00.000Z',
    },
    '2',
    signer,
  );
}

describe('verifySnsMessage', () => {
  it.each<SignatureVersion>(['1', '2'])(
    'accepts a notification signed with SignatureVersion %s',
    async (version) => {
      const { signer, options } = signerSetup();
      const envelope = notification(signer, version, JSON.stringify(eventOf(5, 'done')));
      await expect(verifySnsMessage(JSON.stringify(envelope), options)).resolves.toEqual(envelope);
    },
  );

  it('accepts a subscription confirmation, and caches the certificate', async () => {
    const { signer, options, fetched } = signerSetup();
    await verifySnsMessage(confirmation(signer), options);
    await verifySnsMessage(notification(signer, '1', 'hello'), options);
    expect(fetched).toEqual([signer.certUrl]);
  });

  it('rejects a tampered message', async () => {
    const { signer, options } = signerSetup();
    const envelope = { ...notification(signer, '2', 'original'), Message: 'changed' };
    await expect(verifySnsMessage(envelope, options)).rejects.toMatchObject({ kind: 'untrusted' });
    const other = signerSetup();
    const forged = { ...notification(other.signer, '2', 'x'), SigningCertURL: signer.certUrl };
    await expect(verifySnsMessage(forged, options)).rejects.toThrow('The signature does not match');
  });

  it('rejects a certificate URL it does not trust, by default anything off sns.<region>.amazonaws.com', async () => {
    const { signer, options } = signerSetup();
    const envelope = notification(signer, '1', 'x');
    await expect(verifySnsMessage(envelope, { fetch: options.fetch })).rejects.toThrow(
      'Untrusted SigningCertURL',
    );
    expect(
      isAwsCertificateUrl(
        new URL('https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc123.pem'),
      ),
    ).toBe(true);
    expect(
      isAwsCertificateUrl(
        new URL('https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-a1.pem'),
      ),
    ).toBe(true);
    for (const url of [
      'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.eu-west-1.amazonaws.com.evil.example/SimpleNotificationService-abc.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem',
      'https://sns.eu-west-1.amazonaws.com/other.pem',
    ]) {
      expect(isAwsCertificateUrl(new URL(url))).toBe(false);
    }
  });

  it('rejects an unsupported SignatureVersion and a body that is not an SNS message', async () => {
    const { signer, options } = signerSetup();
    const envelope = { ...notification(signer, '2', 'x'), SignatureVersion: '3' };
    await expect(verifySnsMessage(envelope, options)).rejects.toThrow('Unsupported SignatureVersion 3');
    await expect(verifySnsMessage('not json', options)).rejects.toMatchObject({ kind: 'malformed' });
    await expect(verifySnsMessage({ Type: 'Notification' }, options)).rejects.toThrow('lacks MessageId');
  });
});

describe('createSnsWebhookHandler', () => {
  let server: Server;
  let url: string;
  const notifications: { message: SnsNotification; event: CheckCloudEvent | undefined }[] = [];
  const confirmed: SnsConfirmation[] = [];
  const setup = signerSetup();

  beforeAll(async () => {
    server = createServer(
      createSnsWebhookHandler({
        ...setup.options,
        maxBodyBytes: 64 * 1024,
        onNotification: (message, event) => {
          notifications.push({ message, event });
        },
        onConfirmed: (message) => confirmed.push(message),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (body: string) => fetch(url, { method: 'POST', body }).then((response) => response.status);

  it('hands over a verified notification with its CloudEvent, and answers 200', async () => {
    const event = eventOf(4, 'done');
    expect(await post(JSON.stringify(notification(setup.signer, '2', JSON.stringify(event))))).toBe(200);
    expect(notifications.at(-1)).toEqual({ message: expect.objectContaining({ MessageId: 'm-1' }), event });
  });

  it('confirms a subscription by fetching its SubscribeURL', async () => {
    expect(await post(JSON.stringify(confirmation(setup.signer)))).toBe(200);
    expect(setup.fetched).toContain('http://sns.test/?Action=ConfirmSubscription&Token=tok');
    expect(confirmed).toHaveLength(1);
  });

  it('answers 403 to a bad signature, 400 to a bad body and 413 to a huge one', async () => {
    const tampered = { ...notification(setup.signer, '1', 'a'), Message: 'b' };
    const before = notifications.length;
    expect(await post(JSON.stringify(tampered))).toBe(403);
    expect(await post('{')).toBe(400);
    expect(await post('x'.repeat(100 * 1024))).toBe(413);
    expect(notifications).toHaveLength(before);
  });
});
