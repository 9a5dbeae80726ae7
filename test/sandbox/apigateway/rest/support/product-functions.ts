import { allowPolicy } from '../../../../../lambda/auth/auth-policy';
import { FakeInvoker, functionError, ok } from './fake-invoker';
import { functionArnOf } from './template-api';

export const AUTHORIZER = functionArnOf('AuthAuthorizerA5762C96');
export const CREATE_CHECK = functionArnOf('ChecksApiCreateCheckE767E2A4');
export const GET_CHECK = functionArnOf('ChecksApiGetCheck7656F2CD');
export const CHECK_EVENTS = functionArnOf('ChecksApiCheckEvents60EE41D5');
export const GOOD_TOKEN = 'good-token';

interface AuthorizerEvent {
  readonly type: 'TOKEN' | 'REQUEST';
  readonly methodArn: string;
  readonly authorizationToken?: string;
  readonly headers?: Record<string, string>;
  readonly queryStringParameters?: Record<string, string> | null;
}

/**
 * The product's authorizer, in miniature: `Bearer good-token` (header, or `?token=` on REQUEST
 * events) is tenant `demo` on the whole stage; anything else throws `Unauthorized`.
 */
export function invokerWithAuthorizer(): FakeInvoker {
  return new FakeInvoker().answer(AUTHORIZER, (event) => {
    const { type, methodArn, authorizationToken, headers, queryStringParameters } = event as AuthorizerEvent;
    const header = type === 'TOKEN' ? authorizationToken : headers?.Authorization;
    const token = header?.replace(/^Bearer /, '') ?? queryStringParameters?.token;
    return token === GOOD_TOKEN ? ok(allowPolicy('demo', methodArn)) : functionError('Unauthorized');
  });
}

export const authorized = { Authorization: `Bearer ${GOOD_TOKEN}` };
