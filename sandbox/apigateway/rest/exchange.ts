import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayError } from '../gateway-errors';
import { renderGatewayResponse } from './gateway-response';
import type { RequestValues } from './request-values';
import type { GatewayResponseModel } from './model';
import { toOutgoingHeaders, type HeaderList } from './response-headers';

/** One request and its response, with the ids API Gateway stamps on every answer and the log line it ends with. */
export class Exchange {
  private detail = '';

  constructor(
    readonly request: IncomingMessage,
    readonly response: ServerResponse,
    readonly requestId: string,
    readonly extendedRequestId: string,
    log: (line: string) => void,
    startedAt: number,
    now: () => number,
  ) {
    response.once('close', () => {
      const ended = response.writableFinished ? '' : ' (connection closed before the response ended)';
      const status = response.headersSent ? String(response.statusCode) : '-';
      const detail = this.detail === '' ? '' : ` - ${this.detail}`;
      // The query is left out: it may carry a token (`?token=` for EventSource).
      const path = (request.url ?? '').split('?')[0];
      log(`${request.method} ${path} ${status} ${now() - startedAt} ms${ended}${detail}`);
    });
  }

  /** Why the gateway answered as it did, for the log line. */
  explain(detail: string): void {
    this.detail = detail;
  }

  /** Status and headers now, the body to follow (streamed). */
  writeHead(statusCode: number, headers: HeaderList): void {
    this.response.writeHead(statusCode, {
      ...toOutgoingHeaders(headers),
      'x-amzn-RequestId': this.requestId,
      'x-amz-apigw-id': this.extendedRequestId,
    });
  }

  /** A whole (buffered) answer: sent with its length, never chunked. */
  respond(statusCode: number, headers: HeaderList, body: Buffer | string): void {
    if (this.response.headersSent) {
      this.response.end();
      return;
    }
    const bodiless = statusCode === 204 || statusCode === 304;
    const length: HeaderList = bodiless ? [] : [['Content-Length', String(Buffer.byteLength(body))]];
    this.writeHead(statusCode, [...headers, ...length]);
    this.response.end(bodiless ? undefined : body);
  }

  respondWithError(
    error: GatewayError,
    responses: Readonly<Record<string, GatewayResponseModel>>,
    values: RequestValues,
    extraHeaders: HeaderList = [],
  ): void {
    const rendered = renderGatewayResponse(error, responses, values);
    this.respond(rendered.statusCode, [...Object.entries(rendered.headers), ...extraHeaders], rendered.body);
  }
}
