import type { CheckUpdate, StoredCheck } from './check';

/** Where checks live. Reads are strongly consistent: pollers must see the newest version. */
export interface CheckStore {
  create(check: StoredCheck): Promise<void>;
  /** The tenant's check, or undefined when there is none or it belongs to another tenant. */
  get(tenant: string, id: string): Promise<StoredCheck | undefined>;
  /** Applies `update` only if the check is still at `expectedVersion`; false when it moved on. */
  update(id: string, expectedVersion: number, update: CheckUpdate): Promise<boolean>;
}
