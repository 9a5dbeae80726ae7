interface Waiter<E> {
  readonly resolve: (environment: E) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One function's execution environments: at most `limit`, each serving one invocation at a
 * time, created only when no warm one is free. Callers beyond the limit wait in arrival order
 * (Lambda would answer TooManyRequestsException instead).
 */
export class EnvironmentPool<E> {
  private readonly idle: E[] = [];
  private readonly members = new Set<E>();
  private readonly waiters: Array<Waiter<E>> = [];
  private closed = false;

  constructor(
    private readonly create: () => E,
    private readonly limit: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`Concurrency must be a positive integer, got ${limit}`);
  }

  acquire(): Promise<E> {
    if (this.closed) return Promise.reject(new Error('The pool is closed'));
    // The most recently used environment first, so the others can stay cold.
    const warm = this.idle.pop();
    if (warm !== undefined) return Promise.resolve(warm);
    if (this.members.size < this.limit) return Promise.resolve(this.add());
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  /** The invocation ended and the environment is still usable. */
  release(environment: E): void {
    if (!this.members.has(environment)) return;
    const next = this.waiters.shift();
    if (next === undefined) this.idle.push(environment);
    else next.resolve(environment);
  }

  /** The environment is gone (timeout, crash, failed init): a waiter gets a fresh one. */
  discard(environment: E): void {
    if (!this.members.delete(environment)) return;
    const index = this.idle.indexOf(environment);
    if (index !== -1) this.idle.splice(index, 1);
    const next = this.waiters.shift();
    if (next !== undefined) next.resolve(this.add());
  }

  /** Refuses new and waiting callers, and hands back every environment to tear down. */
  close(): E[] {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('The pool is closed'));
    const all = [...this.members];
    this.members.clear();
    this.idle.length = 0;
    return all;
  }

  get size(): number {
    return this.members.size;
  }

  private add(): E {
    const environment = this.create();
    this.members.add(environment);
    return environment;
  }
}
