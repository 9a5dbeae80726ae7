import type { Invoker } from '../../lambda/invoker';
import { newAwsId } from '../ids';
import type { CloseCause } from './close-reasons';
import { invokeSafely } from './invoke-integration';
import { disconnectEvent, type AuthorizerContextOfLaterEvents, type ConnectionFacts } from './lambda-events';
import type { WebSocketRouteModel } from './model';

/** `$disconnect` invocations, each started when a connection ends; the server waits for them when it stops. */
export class Disconnects {
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly route: WebSocketRouteModel | undefined,
    private readonly invoker: Invoker,
    private readonly log: (line: string) => void,
  ) {}

  /** Invokes `$disconnect` for a connection that ended, with the `Host` it connected with. */
  run(
    facts: ConnectionFacts,
    host: string,
    cause: CloseCause,
    authorizer: AuthorizerContextOfLaterEvents | undefined,
  ): void {
    if (this.route === undefined) return;
    const event = disconnectEvent(
      facts,
      host,
      { requestId: newAwsId(), requestTimeEpoch: Date.now(), ...cause },
      authorizer,
    );
    const run = invokeSafely(this.invoker, this.route.functionArn, event).then((outcome) => {
      if (!outcome.ok) this.log(`$disconnect of ${facts.connectionId} failed: ${outcome.error.errorMessage}`);
    });
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  /** Resolves once every `$disconnect` started so far has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }
}
