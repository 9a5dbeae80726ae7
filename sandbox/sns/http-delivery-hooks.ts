import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { followUp, type DeliveryLayer } from './answer-follow-ups';
import { snsErrorXml } from './fauxqs-xml';
import type { LayerDeps } from './layer-deps';
import { problemOf } from './request-checks';
import { resolveToken } from './subscription-tokens';

/** The form fields of an SNS Query call; fauxqs has parsed them into a mutable object. */
function queryParamsOf(request: FastifyRequest): Record<string, string> | undefined {
  if (request.method !== 'POST') return undefined;
  if (!(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded'))
    return undefined;
  const body: unknown = request.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, string>) : undefined;
}

function refuse(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).header('content-type', 'text/xml').send(snsErrorXml('InvalidParameter', message));
}

/** The GETs fauxqs does not serve: the signing certificate, and the links in the envelopes it sends. */
async function answerLink(
  deps: LayerDeps,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const url = new URL(request.originalUrl, deps.baseUrl);
  if (url.pathname === deps.signer.certPath) {
    return reply.header('content-type', 'application/x-x509-ca-cert').send(deps.signer.certificatePem);
  }
  const action = url.searchParams.get('Action');
  if (url.pathname !== '/' || (action !== 'ConfirmSubscription' && action !== 'Unsubscribe'))
    return undefined;
  const answer = await deps.api.sns(Object.fromEntries(url.searchParams));
  return reply.code(answer.status).header('content-type', 'text/xml').send(answer.body);
}

/** Before fauxqs acts: refuses what AWS refuses, swaps a confirmation token for its ARN, keeps what Unsubscribe loses. */
async function prepare(
  layer: DeliveryLayer,
  request: FastifyRequest,
  reply: FastifyReply,
  params: Record<string, string>,
): Promise<FastifyReply | undefined> {
  const deps = layer.depsOf();
  const problem = await problemOf(deps, params);
  if (problem !== undefined) return refuse(reply, problem);
  if (params.Action === 'ConfirmSubscription') await resolveToken(deps, params);
  if (params.Action === 'Unsubscribe') {
    const subscription = deps.subscriptions.get(params.SubscriptionArn ?? '');
    if (subscription?.confirmed === true) {
      const attributes = await deps.api.attributes('GetSubscriptionAttributes', subscription.arn);
      if (attributes !== undefined) layer.removedAttributes.set(request, attributes);
    }
  }
  return undefined;
}

/**
 * Adds SNS HTTP/S delivery to a fauxqs app before it listens: GET on SubscribeURL,
 * UnsubscribeURL and the signing certificate; the checks AWS makes on attributes; the
 * confirmation flow; AWS's answers for pending subscriptions; and delivery of every
 * Publish to the confirmed HTTP/S subscriptions. `depsOf` is asked per request, as what
 * the layer needs depends on the port, known only once the app listens. `idle()` settles once the background
 * work started so far (confirmations and fan-outs, in order) is handed to the runner.
 */
export function addHttpDelivery(app: FastifyInstance, depsOf: () => LayerDeps): { idle(): Promise<void> } {
  let work = Promise.resolve();
  const layer: DeliveryLayer = {
    depsOf,
    background: (task) => {
      work = work.then(task).catch((error: unknown) => depsOf().log(`sns: ${String(error)}`));
    },
    removedAttributes: new WeakMap(),
  };

  app.addHook('onRequest', async (request, reply) =>
    request.method === 'GET' ? answerLink(depsOf(), request, reply) : undefined,
  );
  app.addHook('preHandler', async (request, reply) => {
    const params = queryParamsOf(request);
    return params === undefined ? undefined : prepare(layer, request, reply, params);
  });
  app.addHook('onSend', async (request, reply, payload) => {
    const params = queryParamsOf(request);
    if (params === undefined || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    return followUp(layer, { request, params, payload });
  });

  return { idle: () => work };
}
