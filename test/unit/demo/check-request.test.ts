import { checkRequestBody, errorMessage, fallbackEndpoints } from '../../../demo/src/check-request';
import type { DemoConfig } from '../../../demo/src/contract';

describe('checkRequestBody', () => {
  it('sends numbers as numbers and leaves empty fields to the API’s defaults', () => {
    expect(checkRequestBody({ target: 'example.com', steps: ' 3 ', stepMs: '', failAtStep: '' })).toEqual({
      target: 'example.com',
      steps: 3,
    });
  });

  it('passes text that is no number as is, for the API to refuse', () => {
    expect(checkRequestBody({ target: '', steps: 'many', stepMs: '0', failAtStep: '2' })).toEqual({
      target: '',
      steps: 'many',
      stepMs: 0,
      failAtStep: 2,
    });
  });
});

describe('errorMessage', () => {
  it('is the contract error’s message', () => {
    expect(
      errorMessage(400, { error: { code: 'VALIDATION_ERROR', message: 'steps must be at most 20' } }),
    ).toBe('steps must be at most 20');
  });

  it('names the status when the body is not the contract’s error', () => {
    expect(errorMessage(502, undefined)).toBe('The API answered 502');
    expect(errorMessage(500, { error: 'boom' })).toBe('The API answered 500');
  });
});

describe('fallbackEndpoints', () => {
  const config: DemoConfig = {
    restUrl: 'http://api/prod/',
    wsUrl: 'ws://ws/prod',
    token: 't',
    proxies: {
      webSocketBlocked: { restUrl: 'http://blocked/prod/', wsUrl: 'ws://blocked/prod' },
      webSocketBlockedSseBuffered: { restUrl: 'http://buffered/prod/', wsUrl: 'ws://buffered/prod' },
    },
  };

  it('goes straight to the APIs when nothing is blocked', () => {
    expect(fallbackEndpoints(config, { blockWebSocket: false, bufferSse: false })).toEqual({
      restUrl: 'http://api/prod/',
      wsUrl: 'ws://ws/prod',
    });
  });

  it('takes the proxy that matches the restrictions', () => {
    expect(fallbackEndpoints(config, { blockWebSocket: true, bufferSse: false })).toBe(
      config.proxies.webSocketBlocked,
    );
    expect(fallbackEndpoints(config, { blockWebSocket: true, bufferSse: true })).toBe(
      config.proxies.webSocketBlockedSseBuffered,
    );
  });

  it('ignores buffering while WebSocket is allowed, as the client would never reach SSE', () => {
    expect(fallbackEndpoints(config, { blockWebSocket: false, bufferSse: true }).restUrl).toBe(
      'http://api/prod/',
    );
  });
});
