// The production nginx configuration passes the real `nginx -t`, as rendered for a plain server and for
// the Docker image (through the image's own entrypoint script, in every TLS mode).
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain ESM without type declarations
import { renderNginxConfig, renderStandaloneConfig, wrapStandalone } from '../../nginx/render.mjs';
import { nginxBinary, nginxCheck, removeDir, selfSignedCertificate, tempDir, testUser } from '@crm/testing/nginx-harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const entrypoint = path.join(root, 'nginx/docker-entrypoint.d/40-crm-site.sh');

let dir: string;
beforeAll(async () => {
  nginxBinary();
  dir = await tempDir('nginx-conf');
});
afterAll(() => removeDir(dir));

async function check(name: string, conf: string) {
  const prefix = path.join(dir, name);
  await mkdir(prefix, { recursive: true });
  const confPath = path.join(prefix, 'nginx.conf');
  await writeFile(confPath, conf);
  return nginxCheck(confPath, prefix);
}

const base = {
  api: ['127.0.0.1:3000', '127.0.0.1:3010'],
  bot: ['127.0.0.1:3001'],
  adminRoot: path.join(root, 'admin/dist'),
  appRoot: path.join(root, 'miniapp/dist'),
  listenAddress: '127.0.0.1',
  httpPort: 18080,
  httpsPort: 18443,
  user: testUser,
};

describe('rendered for a server', () => {
  it('plain HTTP mode passes nginx -t and has no HSTS', async () => {
    const prefix = path.join(dir, 'plain');
    const conf = renderStandaloneConfig({ ...base, prefix });
    const result = await check('plain', conf);
    expect(result.output).toContain('syntax is ok');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
    expect(conf).not.toContain('Strict-Transport-Security');
    expect(conf).not.toContain(' ssl');
    expect(conf).toContain('client_max_body_size 50m;');
    expect(conf).toMatch(/location = \/api\/events \{[^}]*proxy_buffering off;/);
  });

  it('TLS mode with a certificate passes nginx -t, redirects port 80 and sends HSTS', async () => {
    const prefix = path.join(dir, 'tls');
    await mkdir(prefix, { recursive: true });
    const tls = selfSignedCertificate(prefix);
    const conf = renderStandaloneConfig({ ...base, prefix, tls, acmeRoot: path.join(prefix, 'acme') });
    const result = await check('tls', conf);
    expect(result.output).toContain('syntax is ok');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
    expect(conf).toContain('Strict-Transport-Security');
    expect(conf).toContain('location ^~ /.well-known/acme-challenge/');
    expect(conf).toContain('return 301 https://$host$request_uri;');
    // Mozilla's intermediate profile: TLS 1.2 and 1.3 only, its forward-secret AEAD ciphers, no session tickets.
    expect(conf).toContain('ssl_protocols TLSv1.2 TLSv1.3;');
    expect(conf).toContain(
      'ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:' +
        'ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305;',
    );
    expect(conf).toContain('ssl_prefer_server_ciphers off;');
    expect(conf).toContain('ssl_session_tickets off;');
    expect(conf).toContain('ssl_session_timeout 1d;');
    expect(conf).not.toMatch(/TLSv1(\.1)?[ ;]|SSLv3|RC4|3DES|CBC/);
  });

  it('a broken certificate path is caught by nginx -t (the check can fail)', async () => {
    const prefix = path.join(dir, 'broken');
    const conf = renderStandaloneConfig({ ...base, prefix, tls: { certificate: '/nonexistent/cert.pem', certificateKey: '/nonexistent/key.pem' } });
    const result = await check('broken', conf);
    expect(result.ok).toBe(false);
    expect(result.output).toContain('/nonexistent/cert.pem');
  });

  it('the command line renders an include for a Debian nginx.conf (gzip already on there)', async () => {
    const prefix = path.join(dir, 'cli');
    await mkdir(prefix, { recursive: true });
    const tls = selfSignedCertificate(prefix, 'crm.example.test');
    const out = path.join(prefix, 'crm.conf');
    const cli = spawnSync(
      process.execPath,
      [
        path.join(root, 'nginx/render.mjs'),
        '--server-name',
        'crm.example.test',
        '--api',
        '127.0.0.1:3000,127.0.0.1:3010',
        '--bot',
        '127.0.0.1:3001',
        '--admin-root',
        base.adminRoot,
        '--app-root',
        base.appRoot,
        '--tls',
        '--cert',
        tls.certificate,
        '--key',
        tls.certificateKey,
        '--acme-root',
        path.join(prefix, 'acme'),
        '--media',
        '127.0.0.1:9000',
        '--media-bucket',
        'crm-media',
        '--no-gzip',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const site = (await readFile(out, 'utf8')).replaceAll('/var/log/nginx/', `${prefix}/`);
    expect(site).not.toContain('gzip on;');
    expect(site).toContain('server 127.0.0.1:3010');
    const conf = wrapStandalone(
      `gzip on;\n${site.replace('listen 80;', 'listen 127.0.0.1:18081;').replace('listen 443 ssl http2;', 'listen 127.0.0.1:18444 ssl http2;')}`,
      { prefix, user: testUser },
    );
    const result = await check('cli', conf);
    expect(result.output).toContain('test is successful');
  });

  it('refuses to render without upstreams or static roots', () => {
    expect(() => renderNginxConfig({ ...base, api: [] })).toThrow(/upstream/);
    expect(() => renderNginxConfig({ ...base, appRoot: '' })).toThrow(/appRoot/);
  });
});

describe('the Docker image configuration (templates + entrypoint script)', () => {
  let imageDir: string;
  beforeAll(async () => {
    imageDir = path.join(dir, 'image');
    await mkdir(path.join(imageDir, 'crm'), { recursive: true });
    await mkdir(path.join(imageDir, 'conf.d'), { recursive: true });
    for (const [flag, name] of [
      [[], 'crm-http.conf.template'],
      [['--tls'], 'crm-tls.conf.template'],
    ] as const) {
      const out = spawnSync(process.execPath, [path.join(root, 'nginx/render.mjs'), '--docker', ...flag, '--out', path.join(imageDir, 'crm', name)], {
        encoding: 'utf8',
      });
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
    }
  });

  function runEntrypoint(env: Record<string, string>) {
    return spawnSync('sh', [entrypoint], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        CRM_NGINX_DIR: imageDir,
        CRM_LETSENCRYPT_DIR: path.join(imageDir, 'letsencrypt'),
        CRM_NO_WATCH: '1',
        ...env,
      },
    });
  }

  async function checkSite(name: string) {
    const site = await readFile(path.join(imageDir, 'conf.d/default.conf'), 'utf8');
    expect(site).not.toMatch(/\$\{CRM_/);
    const prefix = path.join(dir, name);
    await mkdir(prefix, { recursive: true });
    // In the image this log file is a link to stdout; here it goes to the temp prefix.
    const local = site.replaceAll('/var/log/nginx/', `${prefix}/`);
    return { site, result: await check(name, wrapStandalone(local, { prefix, user: testUser })) };
  }

  it('TLS_MODE=off: plain site for the domain passes nginx -t', async () => {
    const run = runEntrypoint({ TLS_MODE: 'off', DOMAIN: 'crm.example.test' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const { site, result } = await checkSite('image-off');
    expect(result.output).toContain('syntax is ok');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
    expect(site).toContain('server_name crm.example.test;');
    expect(site).toContain('resolver 127.0.0.11');
    // Presigned media links on the public host reach the private bucket, read-only.
    expect(site).toMatch(/location \^~ \/renovation-crm\/ \{\s+limit_except GET \{ deny all; \}/);
    expect(site).toContain('client_max_body_size 50m;');
    expect(site).not.toContain('ssl_certificate');
  });

  it('TLS_MODE=letsencrypt before the first certificate: starts on a temporary self-signed one', async () => {
    const run = runEntrypoint({ TLS_MODE: 'letsencrypt', DOMAIN: 'crm.example.test', MAX_BODY_SIZE: '80m' });
    expect(run.status).toBe(0);
    const { site, result } = await checkSite('image-le-first');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
    expect(site).toContain(`ssl_certificate ${imageDir}/selfsigned/fullchain.pem;`);
    expect(site).toContain('client_max_body_size 80m;');
  });

  it('TLS_MODE=letsencrypt with the certificate issued: uses the live files', async () => {
    const live = path.join(imageDir, 'letsencrypt/live/crm.example.test');
    await mkdir(live, { recursive: true });
    selfSignedCertificate(live, 'crm.example.test');
    const run = runEntrypoint({ TLS_MODE: 'letsencrypt', DOMAIN: 'crm.example.test' });
    expect(run.status).toBe(0);
    const { site, result } = await checkSite('image-le');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
    expect(site).toContain(`ssl_certificate ${live}/fullchain.pem;`);
    expect(site).toContain(`ssl_certificate_key ${live}/privkey.pem;`);
  });

  it('TLS_MODE=files: refuses to start without the mounted files, passes with them', async () => {
    const missing = runEntrypoint({ TLS_MODE: 'files', DOMAIN: 'crm.example.test' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('fullchain.pem');
    await mkdir(path.join(imageDir, 'certs'), { recursive: true });
    selfSignedCertificate(path.join(imageDir, 'certs'), 'crm.example.test');
    const run = runEntrypoint({ TLS_MODE: 'files', DOMAIN: 'crm.example.test' });
    expect(run.status).toBe(0);
    const { result } = await checkSite('image-files');
    expect(result.output).toContain('test is successful');
    expect(result.ok).toBe(true);
  });

  it('rejects an unknown TLS_MODE and letsencrypt without a DOMAIN', () => {
    expect(runEntrypoint({ TLS_MODE: 'yes' }).stderr).toContain('TLS_MODE must be');
    expect(runEntrypoint({ TLS_MODE: 'letsencrypt' }).stderr).toContain('needs DOMAIN');
    expect(runEntrypoint({ TLS_MODE: 'off', S3_BUCKET: 'admin' }).stderr).toContain('S3_BUCKET must not be admin');
  });
});
