import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AppFunction } from './app-function';
import type { TokenAuth } from './auth';
import type { CheckWorker } from './check-worker';
import type { ChecksTable } from './checks-table';
import type { ChecksRestApi } from './rest-api';

export interface ChecksApiProps {
  readonly api: ChecksRestApi;
  readonly auth: TokenAuth;
  readonly checksTable: ChecksTable;
  readonly worker: CheckWorker;
}

/**
 * `POST /checks`, `GET /checks/{id}` (short and long polling) and `GET /checks/{id}/events`
 * (Server-Sent Events through a streamed response).
 */
export class ChecksApi extends Construct {
  public readonly createCheck: AppFunction;
  public readonly getCheck: AppFunction;
  public readonly checkEvents: AppFunction;

  constructor(scope: Construct, id: string, props: ChecksApiProps) {
    super(scope, id);
    const { api, auth, checksTable, worker } = props;

    this.createCheck = new AppFunction(this, 'CreateCheck', {
      handlerFile: 'checks/create-check',
      description: 'POST /checks: stores a check and queues its job',
    });
    checksTable.grantCreateChecks(this.createCheck);
    worker.grantEnqueue(this.createCheck);
    api.addRoute('POST', '/checks', this.createCheck, { authorizer: auth.headerAuthorizer });

    this.getCheck = new AppFunction(this, 'GetCheck', {
      handlerFile: 'checks/get-check',
      description: 'GET /checks/{id}: the check, with ETag, and long polling',
      // A long poll waits up to 25 s, inside API Gateway's 29 s integration timeout.
      timeout: Duration.seconds(28),
    });
    checksTable.grantReadChecks(this.getCheck);
    api.addRoute('GET', '/checks/{id}', this.getCheck, { authorizer: auth.headerAuthorizer });

    this.checkEvents = new AppFunction(this, 'CheckEvents', {
      handlerFile: 'checks/check-events',
      description: 'GET /checks/{id}/events: Server-Sent Events until the check ends',
      // A streamed response lasts at most 15 minutes; the handler closes the stream before.
      timeout: Duration.minutes(15),
    });
    checksTable.grantReadChecks(this.checkEvents);
    api.addRoute('GET', '/checks/{id}/events', this.checkEvents, {
      authorizer: auth.headerOrQueryAuthorizer,
      streaming: true,
    });
  }
}
