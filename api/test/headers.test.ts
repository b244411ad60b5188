// Headers and configuration: the back office cannot be framed and runs only its own scripts, API
// answers are never cached, CORS allows the product's own origin, production refuses weak secrets.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { corsOrigins } from '../src/app.js';
import { loadApiConfig } from '../src/config.js';
import { createTestApi, type TestApi } from '@crm/testing/api';

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi({ env: { PUBLIC_URL: 'https://crm.example.test' } });
});
afterAll(async () => {
  await api?.close();
});

describe('security headers', () => {
  it('/admin is never framed, not sniffed, and runs only its own scripts', async () => {
    for (const path of ['/admin/', '/admin/leads']) {
      const res = await api.http.get(path);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*(unsafe-inline|unsafe-eval|\*)/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
    }
  });

  it('/api answers are not stored by any cache', async () => {
    for (const path of ['/api/health', '/api/auth/me', '/api/nowhere']) {
      const res = await api.http.get(path);
      expect({ path, cache: res.headers['cache-control'] }).toEqual({ path, cache: 'no-store' });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('CORS allows the configured public origin only, unless told otherwise', async () => {
    const own = await api.http.get('/api/health').set('Origin', 'https://crm.example.test');
    expect(own.headers['access-control-allow-origin']).toBe('https://crm.example.test');
    const foreign = await api.http.get('/api/health').set('Origin', 'https://evil.example');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
    expect(corsOrigins({ PUBLIC_URL: undefined, PORT: 3000, CORS_ORIGINS: undefined })).toEqual(['http://localhost:3000']);
    expect(corsOrigins({ PUBLIC_URL: 'https://a.test/crm', PORT: 3000, CORS_ORIGINS: 'https://b.test, https://c.test' })).toEqual([
      'https://b.test',
      'https://c.test',
    ]);
    expect(corsOrigins({ PUBLIC_URL: undefined, PORT: 3000, CORS_ORIGINS: '*' })).toBe(true);
  });
});

describe('JSON answers', () => {
  it('say their type and exact length in bytes, send no body to HEAD, and carry CORS headers only for another origin', async () => {
    const { token } = await api.register();
    const auth = { authorization: `Bearer ${token}` };
    const created = await api.http.post('/api/leads').set(auth).send({ name: 'Ольга Смирнова 🏠' });
    expect(created.status).toBe(201);
    expect(created.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(created.headers['content-length'])).toBe(Buffer.byteLength(created.text));
    expect(created.body.name).toBe('Ольга Смирнова 🏠');
    const list = await api.http.get('/api/leads').set(auth);
    expect(list.headers['content-length']).toBe(String(Buffer.byteLength(list.text)));
    expect(list.headers['access-control-expose-headers']).toBeUndefined();
    const head = await api.http.head('/api/leads').set(auth);
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(head.text ?? '').toBe('');
    const refused = await api.http.get('/api/leads/abc').set(auth);
    expect(refused.status).toBe(404);
    expect(refused.headers['content-type']).toBe('application/json; charset=utf-8');
    const cross = await api.http.get('/api/leads').set(auth).set('Origin', 'https://crm.example.test');
    expect(cross.headers['access-control-expose-headers']).toBe('Content-Range');
    const preflight = await api.http.options('/api/leads').set('Origin', 'https://crm.example.test').set('Access-Control-Request-Method', 'PUT');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://crm.example.test');
  });
});

describe('configuration', () => {
  const production = (env: Record<string, string>) => () => loadApiConfig({ NODE_ENV: 'production', ...env });

  it('in production refuses a JWT_SECRET without real entropy, naming the variable', () => {
    for (const weak of [
      'a'.repeat(64),
      'abcdefghijklmnopqrstuvwxyz0123456789',
      'change-me-change-me-change-me-change-me',
      'my-super-secret-jwt-key-for-production-2026',
      '0123456789abcdef0123456789abcdef',
    ]) {
      expect(production({ JWT_SECRET: weak })).toThrow(/JWT_SECRET/);
    }
    expect(production({ JWT_SECRET: randomBytes(32).toString('hex') })).not.toThrow();
    expect(production({ JWT_SECRET: randomBytes(32).toString('base64') })).not.toThrow();
    // Development keeps working with a long test secret.
    expect(() => loadApiConfig({ NODE_ENV: 'development', JWT_SECRET: 'a'.repeat(40) })).not.toThrow();
  });

  it('caps MINIAPP_INIT_DATA_MAX_AGE at one day', () => {
    const secret = randomBytes(32).toString('hex');
    expect(production({ JWT_SECRET: secret, MINIAPP_INIT_DATA_MAX_AGE: '86401' })).toThrow(/MINIAPP_INIT_DATA_MAX_AGE/);
    expect(production({ JWT_SECRET: secret, MINIAPP_INIT_DATA_MAX_AGE: '86400' })).not.toThrow();
  });
});
