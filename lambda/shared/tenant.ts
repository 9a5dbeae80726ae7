/** A token names a tenant (its `sub`); tenants are short slugs so they fit keys and filter policies. */
export const TENANT_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
