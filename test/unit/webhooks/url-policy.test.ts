import { ForbiddenUrlError, ValidationError } from '../../../lambda/shared/errors';
import { addressRefusal, checkWebhookUrl, type ResolveHost } from '../../../lambda/webhooks/url-policy';
import { webhookUrlPolicyOf } from '../../../lambda/webhooks/webhook-url-policy';

/** A DNS of fixed answers that records what it was asked. */
function fakeDns(answers: Record<string, readonly string[]>): ResolveHost & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (addresses === undefined)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses;
  };
  return Object.assign(resolve, { asked });
}

const dns = fakeDns({
  'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
  'internal.example.com': ['10.1.2.3'],
  'sneaky.example.com': ['93.184.215.14', '192.168.1.20'],
  localhost: ['127.0.0.1', '::1'],
  'metadata.example.com': ['169.254.169.254'],
  'empty.example.com': [],
});

async function refusalOf(url: string, mode: 'public-https' | 'allow-loopback-http' = 'public-https') {
  try {
    await checkWebhookUrl(url, mode, dns);
  } catch (error) {
    return error as Error;
  }
  throw new Error(`${url} was allowed`);
}

describe('webhookUrlPolicyOf', () => {
  it.each(['public-https', 'allow-loopback-http'] as const)('accepts %s', (policy) => {
    expect(webhookUrlPolicyOf(policy)).toBe(policy);
  });

  it('refuses anything else, naming the policies', () => {
    expect(() => webhookUrlPolicyOf('open')).toThrow(
      'Unknown webhook URL policy "open": use public-https or allow-loopback-http',
    );
  });
});

describe('addressRefusal', () => {
  it.each([['93.184.215.14'], ['8.8.8.8'], ['2606:4700:4700::1111'], ['::ffff:93.184.215.14']])(
    'lets the public unicast address %s pass',
    (address) => {
      expect(addressRefusal(address, 'public-https')).toBeUndefined();
    },
  );

  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['192.168.0.1', 'a private address'],
    ['169.254.10.1', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['169.254.169.254', 'the instance metadata service'],
    ['fd00:ec2::254', 'the instance metadata service'],
    ['::ffff:169.254.169.254', 'the instance metadata service'],
    ['100.64.0.1', 'a carrier-grade NAT address'],
    ['fd12:3456::1', 'a unique local (private) address'],
    ['224.0.0.1', 'a multicast address'],
    ['ff02::1', 'a multicast address'],
    ['0.0.0.0', 'an unspecified address'],
    ['::', 'an unspecified address'],
    ['255.255.255.255', 'the broadcast address'],
    ['240.0.0.1', 'a reserved address'],
    ['192.0.2.1', 'a reserved address'],
    ['2001:db8::1', 'a reserved address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:10.0.0.1', 'a private address'],
    ['::7f00:1', 'an IPv4-compatible IPv6 address'],
    ['64:ff9b::a00:1', 'a special-purpose address (rfc6052)'],
    ['2002:a00:1::1', 'a special-purpose address (6to4)'],
    ['not-an-ip', 'not an IP address'],
  ])('refuses %s as %s', (address, reason) => {
    expect(addressRefusal(address, 'public-https')).toBe(reason);
  });

  it('lets loopback pass in the sandbox mode only', () => {
    expect(addressRefusal('127.0.0.1', 'allow-loopback-http')).toBeUndefined();
    expect(addressRefusal('::1', 'allow-loopback-http')).toBeUndefined();
    expect(addressRefusal('::ffff:127.0.0.1', 'allow-loopback-http')).toBeUndefined();
  });

  it.each(['169.254.169.254', 'fd00:ec2::254', '169.254.1.1', 'fe80::1', '10.0.0.1', 'fd12::1'])(
    'still refuses %s in the sandbox mode',
    (address) => {
      expect(addressRefusal(address, 'allow-loopback-http')).toBeDefined();
    },
  );
});

describe('checkWebhookUrl', () => {
  it('allows an https URL whose every address is public, and asks for https delivery', async () => {
    await expect(checkWebhookUrl('https://hooks.example.com/in?x=1', 'public-https', dns)).resolves.toEqual({
      protocol: 'https',
      url: 'https://hooks.example.com/in?x=1',
    });
  });

  it('takes an IP literal as is, without asking DNS', async () => {
    const local = fakeDns({});
    await expect(checkWebhookUrl('https://93.184.215.14:8443/in', 'public-https', local)).resolves.toEqual({
      protocol: 'https',
      url: 'https://93.184.215.14:8443/in',
    });
    await expect(
      checkWebhookUrl('https://[2606:4700:4700::1111]/in', 'public-https', local),
    ).resolves.toMatchObject({ protocol: 'https' });
    expect(local.asked).toEqual([]);
  });

  it('refuses http on AWS', async () => {
    const error = await refusalOf('http://hooks.example.com/in');
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe('The webhook URL must use https, not http');
  });

  it('refuses other schemes in either mode', async () => {
    expect((await refusalOf('ftp://hooks.example.com/in')).message).toBe(
      'The webhook URL must use https, not ftp',
    );
    expect((await refusalOf('file:///etc/passwd', 'allow-loopback-http')).message).toBe(
      'The webhook URL must use https or http, not file',
    );
  });

  it('refuses credentials in the URL', async () => {
    const error = await refusalOf('https://user:secret@hooks.example.com/in');
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe('The webhook URL must not contain a user name or password');
  });

  it.each(['hooks.example.com/in', 'not a url', 'https://hooks example.com/'])(
    'answers %s, which is no URL, with a validation error',
    async (text) => {
      const error = await refusalOf(text);
      expect(error).toBeInstanceOf(ValidationError);
    },
  );

  it.each([
    ['https://127.0.0.1/in', "The webhook URL's host 127.0.0.1 is a loopback address"],
    ['https://[::1]/in', "The webhook URL's host ::1 is a loopback address"],
    [
      'https://169.254.169.254/latest/meta-data/',
      "The webhook URL's host 169.254.169.254 is the instance metadata service",
    ],
    ['https://[fd00:ec2::254]/', "The webhook URL's host fd00:ec2::254 is the instance metadata service"],
    ['https://10.0.0.7/in', "The webhook URL's host 10.0.0.7 is a private address"],
    // URL normalizes the mapped address to hex; it is still loopback.
    ['https://[::ffff:127.0.0.1]/in', "The webhook URL's host ::ffff:7f00:1 is a loopback address"],
    // URL reads other IPv4 spellings (here 127.0.0.1 as one number) as the dotted address.
    ['https://2130706433/in', "The webhook URL's host 127.0.0.1 is a loopback address"],
  ])('refuses %s', async (url, message) => {
    const error = await refusalOf(url);
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe(message);
  });

  it('refuses a host name that resolves to a private address', async () => {
    const error = await refusalOf('https://internal.example.com/in');
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe(
      'The webhook URL\'s host "internal.example.com" resolves to 10.1.2.3, a private address',
    );
  });

  it('refuses a host name when any one of its addresses is private', async () => {
    const error = await refusalOf('https://sneaky.example.com/in');
    expect(error.message).toBe(
      'The webhook URL\'s host "sneaky.example.com" resolves to 192.168.1.20, a private address',
    );
  });

  it('refuses a host name that resolves to the metadata service, even in the sandbox', async () => {
    const error = await refusalOf('http://metadata.example.com/', 'allow-loopback-http');
    expect(error.message).toContain('the instance metadata service');
  });

  it.each(['https://nowhere.example.com/in', 'https://empty.example.com/in'])(
    'refuses %s, which does not resolve',
    async (url) => {
      const error = await refusalOf(url);
      expect(error).toBeInstanceOf(ForbiddenUrlError);
      expect(error.message).toMatch(/^The webhook URL's host "[a-z.]+" does not resolve$/);
    },
  );

  it('allows http and loopback in the sandbox mode, and asks for http delivery', async () => {
    const protocolOf = async (url: string) =>
      (await checkWebhookUrl(url, 'allow-loopback-http', dns)).protocol;
    await expect(protocolOf('http://127.0.0.1:9000/in')).resolves.toBe('http');
    await expect(protocolOf('http://localhost:9000/in')).resolves.toBe('http');
    await expect(protocolOf('https://[::1]:9443/in')).resolves.toBe('https');
  });

  it('refuses loopback on AWS even over https', async () => {
    expect((await refusalOf('https://localhost/in')).message).toBe(
      'The webhook URL\'s host "localhost" resolves to 127.0.0.1, a loopback address',
    );
  });
});

describe('checkWebhookUrl normalization', () => {
  it.each([
    ['HTTPS://Hooks.Example.COM:443/a/../b', 'https://hooks.example.com/b'],
    ['https://hooks.example.com', 'https://hooks.example.com/'],
    ['https://hooks.example.com/in/./x?q=a%20b', 'https://hooks.example.com/in/x?q=a%20b'],
    ['https://hooks.example.com/caf\u00e9', 'https://hooks.example.com/caf%C3%A9'],
    ['https://0x5db8d70e/in', 'https://93.184.215.14/in'],
    ['https://[2606:4700:4700:0:0:0:0:1111]/in', 'https://[2606:4700:4700::1111]/in'],
  ])('answers %s as the %s it checked', async (text, normalized) => {
    await expect(checkWebhookUrl(text, 'public-https', dns)).resolves.toEqual({
      protocol: 'https',
      url: normalized,
    });
  });

  it.each([
    ['a leading space', ' https://hooks.example.com/in', 'whitespace (U+0020 at 0)'],
    ['a trailing space', 'https://hooks.example.com/in ', 'whitespace (U+0020 at 28)'],
    ['a space inside', 'https://hooks.example.com/a b', 'whitespace (U+0020 at 27)'],
    ['a no-break space', 'https://hooks.example.com/\u00a0', 'whitespace (U+00A0 at 26)'],
    ['a line separator', 'https://hooks.example.com/\u2028', 'whitespace (U+2028 at 26)'],
    ['a NUL', 'https://hooks.example.com/\u0000x', 'a control character (U+0000 at 26)'],
    ['a tab', 'https://hooks.\texample.com/', 'a control character (U+0009 at 14)'],
    ['a CR LF', 'https://hooks.example.com/\r\nX-Injected: 1', 'a control character (U+000D at 26)'],
    ['a DEL', 'https://hooks.example.com/\u007f', 'a control character (U+007F at 26)'],
    ['a C1 control', 'https://hooks.example.com/\u0085', 'a control character (U+0085 at 26)'],
    ['a backslash', 'https://hooks.example.com\\in', 'a backslash'],
  ])('refuses a URL with %s', async (_, text, what) => {
    const error = await refusalOf(text);
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe(`The webhook URL must not contain ${what}`);
  });

  it('refuses a public address, a backslash and the metadata address that other parsers take for its host', async () => {
    const error = await refusalOf('https://93.184.215.14\\@169.254.169.254/');
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe('The webhook URL must not contain a backslash');
  });

  it.each([
    'https://@hooks.example.com/in',
    'https://:@hooks.example.com/in',
    'https://user@hooks.example.com/in',
    'https://93.184.215.14@hooks.example.com/in',
    'https:@hooks.example.com/in',
    'https:///@hooks.example.com/in',
  ])('refuses the user info of %s, even an empty one', async (text) => {
    const error = await refusalOf(text);
    expect(error).toBeInstanceOf(ForbiddenUrlError);
    expect(error.message).toBe('The webhook URL must not contain a user name or password');
  });

  it('lets an @ pass in the path, query or fragment', async () => {
    await expect(
      checkWebhookUrl('https://hooks.example.com/@in?by=a@b#c@d', 'public-https', dns),
    ).resolves.toMatchObject({ url: 'https://hooks.example.com/@in?by=a@b#c@d' });
  });
});
