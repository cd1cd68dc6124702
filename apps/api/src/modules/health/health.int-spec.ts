import request from 'supertest';
import { createTestApp, TestApp } from '../../test/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.teardown());

  it('should report the database up when PostgreSQL answers', async () => {
    const res = await request(t.url).get('/api/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', database: 'up' });
  });

  it('should answer an unknown API route with a JSON 404 in the error shape', async () => {
    const res = await request(t.url).get('/api/no-such-thing').expect(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('should answer malformed JSON with 400, not 500', async () => {
    const res = await request(t.url)
      .post('/api/health')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.error.code).toBeDefined();
  });

  it('should serve the OpenAPI description at /api/docs', async () => {
    const res = await request(t.url).get('/api/docs-json').expect(200);
    expect(res.body.paths['/api/health']).toBeDefined();
  });
});
