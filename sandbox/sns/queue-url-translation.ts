import type { FastifyInstance } from 'fastify';

/**
 * fauxqs names queues `http://sqs.{region}.localhost:{port}/...`, a host that does not resolve
 * here, and the SQS client sends each request to its queue URL's own host. So clients are
 * shown URLs on the endpoint itself, and fauxqs gets back the names it knows. Hooks must be
 * added before the server listens, when the endpoint is not known yet, hence `endpointOf`.
 */
export function translateQueueUrls(app: FastifyInstance, region: string, endpointOf: () => string): void {
  const fauxqsForm = (port: string): RegExp =>
    new RegExp(`http://sqs\\.[a-z0-9-]+\\.localhost:${port}/`, 'g');

  app.addHook('onSend', async (_request, _reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const endpoint = endpointOf();
    return payload.replace(fauxqsForm(new URL(endpoint).port), `${endpoint}/`);
  });

  app.addHook('preHandler', async (request) => {
    const body = request.body as { QueueUrl?: unknown } | undefined;
    const endpoint = endpointOf();
    if (typeof body !== 'object' || body === null || typeof body.QueueUrl !== 'string') return;
    if (!body.QueueUrl.startsWith(`${endpoint}/`)) return;
    const { port } = new URL(endpoint);
    body.QueueUrl = `http://sqs.${region}.localhost:${port}/${body.QueueUrl.slice(endpoint.length + 1)}`;
  });
}
