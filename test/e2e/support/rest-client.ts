import type { Check } from '../../../lambda/checks/check';
import { expectCheck } from './contract';
import { eventually } from './eventually';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed body; undefined when it is empty or not JSON. */
  readonly json: unknown;
}

export interface RequestOptions {
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is, for bodies that must not be valid JSON. */
  readonly rawBody?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The bearer token; null sends no Authorization header. Default: the client's own. */
  readonly token?: string | null;
  readonly query?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

export interface CheckInput {
  readonly target: string;
  readonly steps?: number;
  readonly stepMs?: number;
  readonly failAtStep?: number;
}

/** Longer than any answer the contract allows (a long poll waits at most 25 s). */
const REQUEST_TIMEOUT_MS = 40_000;

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The REST contract over real HTTP, as one tenant (its token). */
export class RestClient {
  constructor(
    readonly restUrl: string,
    readonly token: string,
  ) {}

  /** `path` is relative to the stage, without a leading slash: `checks/<id>`. */
  urlOf(path: string, query: Readonly<Record<string, string>> = {}): string {
    const url = new URL(path, this.restUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url.toString();
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<HttpAnswer> {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = { ...options.headers };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] ??= 'application/json';
    }
    const response = await fetch(this.urlOf(path, options.query), {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: parseJson(text) };
  }

  /** Creates a check and checks the 202 answer's shape. */
  async createCheck(input: CheckInput): Promise<Check> {
    const answer = await this.request('POST', 'checks', { body: input });
    if (answer.status !== 202) {
      throw new Error(`POST /checks answered ${answer.status}, expected 202: ${answer.text}`);
    }
    return expectCheck(answer.json, { status: 'processing', version: 1, target: input.target });
  }

  getCheck(id: string, headers: Readonly<Record<string, string>> = {}): Promise<HttpAnswer> {
    return this.request('GET', `checks/${id}`, { headers });
  }

  longPoll(id: string, waitSeconds: number, afterVersion: number): Promise<HttpAnswer> {
    return this.request('GET', `checks/${id}`, {
      query: { waitSeconds: String(waitSeconds), afterVersion: String(afterVersion) },
    });
  }

  /** The check once it reached `predicate`, by short polling. */
  async pollUntil(id: string, predicate: (check: Check) => boolean, what: string, timeoutMs = 30_000) {
    return eventually(
      async () => {
        const answer = await this.getCheck(id);
        if (answer.status !== 200)
          throw new Error(`GET /checks/${id} answered ${answer.status}: ${answer.text}`);
        const check = expectCheck(answer.json, { id });
        return predicate(check) ? check : undefined;
      },
      { what, timeoutMs },
    );
  }

  /** The check once it is done or failed, by short polling. */
  followToEnd(id: string, timeoutMs = 30_000): Promise<Check> {
    return this.pollUntil(id, (check) => check.status !== 'processing', `check ${id} to end`, timeoutMs);
  }
}
