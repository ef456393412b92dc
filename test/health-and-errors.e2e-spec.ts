import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApi, type TestApi } from './support/test-api.js';
import request from 'supertest';

describe('the HTTP edge', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api.close());

  it('reports database, queue and search on /health without a token', async () => {
    const res = await request(api.http).get('/health').expect(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details).toMatchObject({
      database: { status: 'up' },
      queue: { status: 'up', backend: 'postgres' },
      search: { status: 'up', engine: 'postgresql' },
    });
  });

  it('answers an unknown route with 404 in the uniform body and echoes the correlation id', async () => {
    const res = await request(api.http).get('/api/does-not-exist').set('X-Correlation-Id', 'test-corr-0001').expect(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) }, correlationId: 'test-corr-0001' });
    expect(res.headers['x-correlation-id']).toBe('test-corr-0001');
  });

  it('keeps answers about people out of caches (no-store), and lets the public directory be cached', async () => {
    const guardian = await api.tokenFor('guardian');
    const cases = await request(api.http).get('/api/cases').set('Authorization', `Bearer ${guardian}`).expect(200);
    expect(cases.headers['cache-control']).toBe('no-store');
    const refused = await request(api.http).get('/api/cases').expect(401);
    expect(refused.headers['cache-control']).toBe('no-store');
    const directory = await request(api.http).get('/api/hsds/services').expect(200);
    expect(directory.headers['cache-control']).not.toBe('no-store');
  });
});

describe('the API documentation', () => {
  it('is not served unless API_DOCS is on (the default of a deployment)', async () => {
    const api = await startTestApi({ apiDocs: false });
    try {
      await request(api.http).get('/api/docs').expect(404);
      await request(api.http).get('/api/docs-json').expect(404);
    } finally {
      await api.close();
    }
  });
});

describe('with Meilisearch configured but down', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ meili: { url: 'http://127.0.0.1:9', apiKey: 'unused' } });
  });
  afterAll(() => api.close());

  it('reports search as degraded on /health, still 200', async () => {
    const res = await request(api.http).get('/health').expect(200);
    expect(res.body.details.search).toMatchObject({ status: 'up', engine: 'postgresql', degraded: true });
  });

  it('answers searches from PostgreSQL', async () => {
    const token = await api.tokenFor('guardian');
    const res = await request(api.http).get('/api/social-map/offerings?q=pleegzorg').set('Authorization', `Bearer ${token}`).expect(200);
    expect(res.body.engine).toBe('postgresql');
  });
});
