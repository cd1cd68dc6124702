import { randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  agentToken,
  seedAgent,
  seedNumber,
  seedTenant,
  subscriberToken,
  type SeededTenant,
} from '../test/factories';
import { makeJpeg } from '../test/images';
import { seedSubmittedCase } from '../test/review-setup';
import { createTestApp, TestApp } from '../test/test-app';

interface OpenApiOp {
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface Schema {
  $ref?: string;
  type?: string;
  example?: unknown;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
type OpenApiDoc = {
  paths: Record<string, Record<string, OpenApiOp>>;
  components?: { schemas?: Record<string, Schema> };
};

/** A body built from the schema's examples (or a plain value of its type), so the route gets past validation to the lookup. */
function sample(doc: OpenApiDoc, s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 4) return undefined;
  if (s.$ref) return sample(doc, doc.components?.schemas?.[s.$ref.split('/').pop()!], depth + 1);
  if (s.example !== undefined) return s.example;
  if (s.enum?.length) return s.enum[0];
  switch (s.type ?? 'string') {
    case 'object':
      return Object.fromEntries(
        Object.entries(s.properties ?? {}).map(([k, v]) => [k, sample(doc, v, depth + 1)]),
      );
    case 'array':
      return [sample(doc, s.items, depth + 1)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}

/**
 * Every route of the running app with an `{id}` in its path (read from the OpenAPI document the
 * app serves, not a hand-made list), called by every role of tenant A with the ids of tenant B's
 * objects: never a 2xx, never a 5xx, and the answer is the one a random id gets — so another
 * tenant's id is indistinguishable from no id at all (404, never a 403 that confirms it exists).
 */
describe('tenant isolation: every {id} route × every role of tenant A × tenant B ids', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  it('should never let tenant A read, change or confirm tenant B objects', async () => {
    const ds = t.db.dataSource;
    const a: SeededTenant = await seedTenant(ds, { carrier: 'mobile' });
    const b: SeededTenant = await seedTenant(ds, { carrier: 'mobile' });

    // Tenant B's objects: a submitted case with documents, an agent, a dead-lettered lift.
    const bCase = await seedSubmittedCase(t, b);
    const bAgent = await seedAgent(ds, b.id, 'agent');
    const bLiftId = randomUUID();
    await ds.query(
      `INSERT INTO outbox (tenant_id, id, topic, idempotency_key, payload) VALUES ($1, $2, 'provisioning.lift', $3, '{}')`,
      [b.id, bLiftId, `lift:${bCase.id}`],
    );
    await ds.query(`UPDATE outbox SET status = 'dead' WHERE tenant_id = $1 AND id = $2`, [
      b.id,
      bLiftId,
    ]);
    const bIds: Record<string, string> = {
      case: bCase.id,
      document: bCase.documentIds[0]!,
      agent: bAgent.id,
      number: bCase.number.id,
      lift: bLiftId,
    };
    const before = JSON.stringify(
      await ds.query(
        `SELECT (SELECT json_agg(c ORDER BY id) FROM registration_case c WHERE tenant_id = $1) AS cases,
                (SELECT json_agg(a ORDER BY id) FROM agent a WHERE tenant_id = $1) AS agents,
                (SELECT json_agg(o ORDER BY id) FROM outbox o WHERE tenant_id = $1) AS outbox`,
        [b.id],
      ),
    );

    // Tenant A's roles.
    const aNumber = await seedNumber(ds, a.id);
    const roles: Record<string, string> = {
      subscriber: subscriberToken(t.config, a, aNumber, 'o-isolation-a'),
      agent: agentToken(t.config, await seedAgent(ds, a.id, 'agent')),
      supervisor: agentToken(t.config, await seedAgent(ds, a.id, 'supervisor')),
      carrier_admin: agentToken(t.config, await seedAgent(ds, a.id, 'carrier_admin')),
    };

    const doc = (await request(t.url).get('/api/docs-json').expect(200)).body as OpenApiDoc;
    const jpeg = await makeJpeg({ width: 320, height: 200 });
    const routes = Object.entries(doc.paths)
      .filter(([path]) => path.includes('{id}'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(routes.length).toBeGreaterThanOrEqual(10);

    const call = async (
      method: string,
      path: string,
      op: OpenApiOp,
      token: string,
    ): Promise<request.Response> => {
      const req = (request(t.url) as unknown as Record<string, (p: string) => request.Test>)[
        method
      ]!(path).set('Authorization', `Bearer ${token}`);
      if (path.includes('/documents/')) return req.attach('file', jpeg, 'x.jpg');
      const body = sample(doc, op.requestBody?.content?.['application/json']?.schema);
      return body === undefined ? req : req.send(body as object);
    };

    let calls = 0;
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    for (const { path, method, op } of routes)
      for (const [role, token] of Object.entries(roles)) {
        const control = await call(
          method,
          path.replace('{id}', randomUUID()).replace('{kind}', 'id_front'),
          op,
          token,
        );
        for (const [kind, id] of Object.entries(bIds)) {
          const url = path.replace('{id}', id).replace('{kind}', 'id_front');
          const res = await call(method, url, op, token);
          calls++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const what = `${method.toUpperCase()} ${path} as ${role} with B's ${kind}: ${res.status}`;
          if (res.status >= 500) failures.push(`${what} (server error)`);
          else if (res.status < 300) failures.push(`${what} (answered)`);
          else if (res.status !== control.status)
            failures.push(`${what} but ${control.status} for a random id (B's id is visible)`);
          else if (res.status === 403 && control.status !== 403)
            failures.push(`${what} (403 confirms it exists)`);
          if (JSON.stringify(res.body ?? '').includes(id) && res.status < 400)
            failures.push(`${what} (B's id in the answer)`);
        }
      }
    console.log(
      `tenant isolation: ${routes.length} {id} routes × ${Object.keys(roles).length} roles × ${Object.keys(bIds).length} tenant-B ids = ${calls} calls; statuses ${JSON.stringify(statuses)}; ${failures.length} leaks`,
    );
    expect(failures).toEqual([]);

    const after = JSON.stringify(
      await ds.query(
        `SELECT (SELECT json_agg(c ORDER BY id) FROM registration_case c WHERE tenant_id = $1) AS cases,
                (SELECT json_agg(a ORDER BY id) FROM agent a WHERE tenant_id = $1) AS agents,
                (SELECT json_agg(o ORDER BY id) FROM outbox o WHERE tenant_id = $1) AS outbox`,
        [b.id],
      ),
    );
    expect(after).toBe(before);
  });
});
