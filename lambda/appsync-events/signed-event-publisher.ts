import { defaultProvider } from '@aws-sdk/credential-provider-node';
import type { SignatureV4 } from '@smithy/signature-v4';
import type { Agent as HttpAgent } from 'node:http';
import { keepAliveAgentFor, sendSigned, type SignableRequest } from '../shared/signed-http';
import { sigV4Signer, type SigningCredentials } from '../shared/sigv4-signer';
import { checkPublishAnswer, publishBody, type ChannelPublisher } from './event-publish';

export interface SignedEventPublisherOptions {
  /** `https://<the API's Dns.Http>/event`. */
  readonly endpoint: URL;
  readonly region: string;
  /** The SDK's default chain (the function's role on Lambda) unless given. */
  readonly credentials?: SigningCredentials;
  readonly now?: () => Date;
}

/** The HTTP endpoint of an Event API, from the host name CloudFormation gives (`Dns.Http`). */
export function publishEndpointOf(httpDns: string): URL {
  return new URL(`https://${httpDns}/event`);
}

/**
 * Publishes to AppSync Events over its HTTP API, signed with SigV4 for `appsync` (IAM
 * authorization), over one keep-alive connection: the SDK has no client for this API.
 */
export class SignedEventPublisher implements ChannelPublisher {
  private readonly endpoint: URL;
  private readonly signer: SignatureV4;
  private readonly agent: HttpAgent;
  private readonly now: () => Date;

  constructor(options: SignedEventPublisherOptions) {
    this.endpoint = options.endpoint;
    this.signer = sigV4Signer(options.credentials ?? defaultProvider(), options.region, 'appsync');
    this.agent = keepAliveAgentFor(this.endpoint);
    this.now = options.now ?? (() => new Date());
  }

  async publish(channel: string, event: string): Promise<void> {
    const body = Buffer.from(publishBody(channel, [event]));
    const signed = await this.signer.sign(this.requestOf(body), { signingDate: this.now() });
    const { statusCode, body: text } = await sendSigned(this.agent, signed, body);
    checkPublishAnswer(statusCode, text);
  }

  private requestOf(body: Buffer): SignableRequest {
    return {
      method: 'POST',
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port === '' ? undefined : Number(this.endpoint.port),
      path: this.endpoint.pathname,
      query: {},
      headers: {
        host: this.endpoint.host,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
      body,
    };
  }
}
