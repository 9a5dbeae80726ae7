import type { CheckUpdate, StoredCheck } from '../../../lambda/checks/check';
import type { CheckStore } from '../../../lambda/checks/check-store';

/**
 * The CheckStore contract kept in a map, with DynamoDB's semantics (tenant-scoped reads,
 * version-conditional updates): what the domain tests run against instead of mocks.
 */
export class InMemoryCheckStore implements CheckStore {
  readonly checks = new Map<string, StoredCheck>();
  readonly updates: { id: string; expectedVersion: number; update: CheckUpdate; applied: boolean }[] = [];
  /** Runs before each update is judged, so a test can play another writer winning the race. */
  beforeUpdate: (id: string) => void = () => undefined;

  constructor(...checks: StoredCheck[]) {
    for (const check of checks) this.checks.set(check.id, check);
  }

  async create(check: StoredCheck): Promise<void> {
    if (this.checks.has(check.id)) throw new Error(`Check ${check.id} exists`);
    this.checks.set(check.id, check);
  }

  async get(tenant: string, id: string): Promise<StoredCheck | undefined> {
    const check = this.checks.get(id);
    return check?.tenant === tenant ? check : undefined;
  }

  async update(id: string, expectedVersion: number, update: CheckUpdate): Promise<boolean> {
    this.beforeUpdate(id);
    const check = this.checks.get(id);
    const applied = check !== undefined && check.version === expectedVersion;
    this.updates.push({ id, expectedVersion, update, applied });
    if (applied) this.checks.set(id, { ...check, ...update });
    return applied;
  }
}
