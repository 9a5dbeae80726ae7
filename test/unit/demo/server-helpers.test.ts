import { headBytes } from '../../../demo/server/request-bytes';
import { isSandboxCertificateUrl } from '../../../demo/server/trusted-certificate';

describe('headBytes', () => {
  it('counts the request line, each header line and the blank line', () => {
    const head = 'POST /webhooks/receiver HTTP/1.1\r\nHost: a\r\nContent-Length: 12\r\n\r\n';
    expect(
      headBytes({
        method: 'POST',
        url: '/webhooks/receiver',
        httpVersion: '1.1',
        rawHeaders: ['Host', 'a', 'Content-Length', '12'],
      }),
    ).toBe(Buffer.byteLength(head));
  });
});

describe('isSandboxCertificateUrl', () => {
  const sns = 'http://127.0.0.1:4021';

  it('trusts the certificate the sandbox’s SNS serves', () => {
    expect(isSandboxCertificateUrl(new URL(`${sns}/SimpleNotificationService-0a1b2c.pem`), sns)).toBe(true);
  });

  it('refuses another origin or another path', () => {
    expect(
      isSandboxCertificateUrl(new URL('http://127.0.0.1:9999/SimpleNotificationService-0a.pem'), sns),
    ).toBe(false);
    expect(isSandboxCertificateUrl(new URL(`${sns}/other.pem`), sns)).toBe(false);
    expect(isSandboxCertificateUrl(new URL(`${sns}/SimpleNotificationService-0a.pem/../x`), sns)).toBe(false);
  });
});
