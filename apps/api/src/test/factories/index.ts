/**
 * Rows for tests, written straight to the database of a TestApp (`t.db.dataSource`):
 *   const tenant = await seedTenant(ds, { carrier: 'unicom', policy: { proxyAllowed: false } });
 *   const number = await seedNumber(ds, tenant.id, { state: 'double_stop' });
 *   const agent = await seedAgent(ds, tenant.id, 'supervisor');
 * Tokens without going through the login endpoints: see ./tokens.
 */
export * from './tenant.factory';
export * from './number.factory';
export * from './agent.factory';
export * from './tokens';
