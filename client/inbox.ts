/** An unbounded queue whose `next()` waits for the next item pushed. */
export class Inbox<T> {
  private readonly items: T[] = [];
  private waiting: ((item: T) => void) | undefined;

  push(item: T): void {
    const waiting = this.waiting;
    if (waiting === undefined) {
      this.items.push(item);
      return;
    }
    this.waiting = undefined;
    waiting(item);
  }

  next(): Promise<T> {
    if (this.items.length > 0) return Promise.resolve(this.items.shift() as T);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }
}
