// docker-compose.yml and the Dockerfile hold together: every service can be built or pulled, the
// long-running ones report health and restart, migrations run once before the processes, every variable
// the stack reads is documented in .env.example, and no secret is written into the files themselves.
import { describe, it, expect, beforeAll } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { removeDir, tempDir } from '@crm/testing/nginx-harness';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  depends_on?: Record<string, { condition: string; required?: boolean }> | string[];
  environment?: Record<string, string>;
  env_file?: string | string[];
  profiles?: string[];
  volumes?: string[];
  ports?: string[];
  init?: boolean;
}

let composeText: string;
let compose: { services: Record<string, Service>; volumes: Record<string, unknown> };
let envExample: string;

beforeAll(async () => {
  composeText = await readFile(path.join(root, 'docker-compose.yml'), 'utf8');
  compose = parse(composeText, { merge: true });
  envExample = await readFile(path.join(root, '.env.example'), 'utf8');
});

/** Names used as ${NAME}, ${NAME:-default} or ${NAME:?message}; `$$` escapes are the container's own. */
function interpolatedVariables(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.replaceAll('$$', '').matchAll(/\$\{([A-Z_][A-Z0-9_]*)(?::?[-?][^}]*)?\}/g)) names.add(match[1]);
  return [...names].sort();
}

const PROCESSES = { api: 'api/src/main.ts', bot: 'bot/src/main.ts', jobs: 'jobs/src/main.ts' } as const;

describe('docker-compose.yml', () => {
  it('every service has an image or a build', () => {
    const names = Object.keys(compose.services);
    expect(names).toEqual(expect.arrayContaining(['postgres', 's3', 'migrate', 'api', 'bot', 'jobs', 'nginx', 'certbot', 'mongo']));
    for (const [name, service] of Object.entries(compose.services)) {
      expect({ name, ok: Boolean(service.image || service.build) }).toEqual({ name, ok: true });
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:16/);
  });

  it('long-running services have a healthcheck and a restart policy', () => {
    for (const name of ['postgres', 's3', 'api', 'bot', 'jobs', 'nginx', 'mongo']) {
      const service = compose.services[name];
      expect({ name, healthcheck: Array.isArray(service.healthcheck?.test) }).toEqual({ name, healthcheck: true });
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
    expect(compose.services.api.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3000/api/health');
    expect(compose.services.bot.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3001/health');
    expect(compose.services.jobs.healthcheck!.test.join(' ')).toContain('http://127.0.0.1:3002/health');
  });

  it('api, bot and jobs start after the database is healthy and migrations ran once', () => {
    expect(compose.services.migrate.command).toEqual(['node', 'database/dist/cli.js', 'up']);
    expect(compose.services.migrate.restart).toBe('no');
    expect(compose.services.migrate.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' } });
    for (const [name, source] of Object.entries(PROCESSES)) {
      const service = compose.services[name];
      expect(service.command).toEqual(['node', source.replace('/src/', '/dist/').replace(/\.ts$/, '.js')]);
      expect(service.depends_on).toMatchObject({
        postgres: { condition: 'service_healthy' },
        migrate: { condition: 'service_completed_successfully' },
        s3: { condition: 'service_healthy' },
      });
      // SIGTERM must reach node (graceful shutdown); settings come from x-app-settings, not all of .env.
      expect(service.init).toBe(true);
      expect(service.env_file).toBeUndefined();
    }
  });

  it('the commands point at real entry points (built by `tsc -b`)', () => {
    for (const source of [...Object.values(PROCESSES), 'database/src/cli.ts']) {
      expect({ source, exists: existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
    }
  });

  it('nginx publishes 80/443, waits for healthy api and bot, and shares the certbot webroot', () => {
    const nginx = compose.services.nginx;
    expect(nginx.ports).toEqual(['${HTTP_PORT:-80}:80', '${HTTPS_PORT:-443}:443']);
    expect(nginx.depends_on).toMatchObject({ api: { condition: 'service_healthy' }, bot: { condition: 'service_healthy' } });
    expect(nginx.volumes).toContain('certbot-www:/var/www/certbot:ro');
    expect(compose.services.certbot.volumes).toContain('certbot-www:/var/www/certbot');
  });

  it("media go to a maintained S3 server whose only identity is the application's, limited to its bucket", () => {
    const s3 = compose.services.s3;
    expect(s3.image).toMatch(/^chrislusf\/seaweedfs:/);
    expect(composeText).not.toMatch(/minio\/(minio|mc)/);
    const script = JSON.stringify(s3);
    expect(script).toContain('-s3.config=');
    for (const action of ['Admin', 'Read', 'Write', 'List']) expect(script).toContain(`${action}:%s`);
    expect(script).not.toContain('anonymous');
    expect(compose.services.api.environment?.S3_ENDPOINT).toBe('http://s3:8333');
  });

  it('api, bot and jobs get every setting they read (x-app-settings) and no secret they do not use', async () => {
    const schemas = [(await import('@crm/api')).apiConfigSchema, (await import('@crm/bot')).botConfigSchema, (await import('@crm/jobs')).jobsConfigSchema];
    const read = new Set(schemas.flatMap((schema) => Object.keys(schema.shape)));
    const settings = (parse(composeText) as { 'x-app-settings': Record<string, unknown> })['x-app-settings'];
    expect([...read].filter((name) => !(name in settings)).sort()).toEqual([]);
    expect(
      Object.keys(settings)
        .filter((name) => !read.has(name))
        .sort(),
    ).toEqual([]);
    for (const name of ['api', 'bot', 'jobs', 'migrate']) {
      const service = compose.services[name];
      expect({ name, env_file: service.env_file }).toEqual({ name, env_file: undefined });
      for (const root of ['POSTGRES_PASSWORD', 'MONGO_PASSWORD', 'MINIO_ROOT_PASSWORD']) expect(Object.keys(service.environment ?? {})).not.toContain(root);
    }
  });

  it('the mongo profile is optional and carries MONGODB_URL', () => {
    expect(compose.services.mongo.profiles).toEqual(['mongo']);
    expect(compose.services.jobs.depends_on).toMatchObject({ mongo: { condition: 'service_healthy', required: false } });
    expect(compose.services.jobs.environment?.MONGODB_URL).toMatch(/^mongodb:\/\/.*@mongo:27017\//);
  });

  it('every named volume is declared', () => {
    const used = new Set<string>();
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (!source.startsWith('.') && !source.startsWith('/') && !source.startsWith('$')) used.add(source);
      }
    }
    for (const name of used) expect({ name, declared: name in compose.volumes }).toEqual({ name, declared: true });
  });

  it('every variable it reads is documented in .env.example', () => {
    const variables = interpolatedVariables(composeText);
    expect(variables).toEqual(expect.arrayContaining(['POSTGRES_PASSWORD', 'DOMAIN', 'TLS_MODE']));
    const undocumented = variables.filter((name) => !new RegExp(`^#?\\s*${name}=`, 'm').test(envExample));
    expect(undocumented).toEqual([]);
  });

  it('no secret is written into the file: secret-looking settings are all ${...} from .env', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const [key, value] of Object.entries(service.environment ?? {})) {
        if (!/PASSWORD|SECRET|TOKEN|ACCESS_KEY|_KEY$/.test(key)) continue;
        // A bare name (null) passes the value through from .env; anything else must be a ${...} reference.
        expect({ service: name, key, value: value === null || String(value).startsWith('${') }).toEqual({ service: name, key, value: true });
      }
    }
  });

  // Reported as skipped (not passed) where the compose plugin is missing; the checks above still run.
  const hasCompose = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' }).status === 0;
  (hasCompose ? it : it.skip)('docker compose config accepts it', async () => {
    const dir = await tempDir('compose');
    try {
      await copyFile(path.join(root, 'docker-compose.yml'), path.join(dir, 'docker-compose.yml'));
      await copyFile(path.join(root, '.env.example'), path.join(dir, '.env'));
      await mkdir(path.join(dir, 'nginx'));
      const result = spawnSync('docker', ['compose', '--project-directory', dir, '-f', path.join(dir, 'docker-compose.yml'), 'config', '-q'], {
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    } finally {
      await removeDir(dir);
    }
  });
});

describe('Dockerfile', () => {
  let dockerfile: string;
  let dockerignore: string;
  beforeAll(async () => {
    dockerfile = await readFile(path.join(root, 'Dockerfile'), 'utf8');
    dockerignore = await readFile(path.join(root, '.dockerignore'), 'utf8');
  });

  it('builds the server image without dev dependencies, as a non-root user, in production mode', () => {
    const server = dockerfile.slice(dockerfile.indexOf('AS server'), dockerfile.indexOf('AS web'));
    expect(server).toMatch(/NODE_ENV=production/);
    expect(server).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/npx tsc -b/);
    expect(dockerfile).toMatch(/npm run build -w admin -w miniapp/);
    expect(server).toMatch(/CMD \["node", "api\/dist\/main.js"\]/);
  });

  it('copies the manifest of every workspace before `npm ci` (the lock must match)', async () => {
    const { workspaces } = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as { workspaces: string[] };
    for (const workspace of workspaces) {
      expect(dockerfile).toContain(`COPY ${workspace}/package.json ${workspace}/`);
      expect(dockerfile).toContain(`COPY --from=deps /src/${workspace}/package.json ${workspace}/`);
    }
    for (const target of compose.services.nginx.build ? ['web'] : []) expect(dockerfile).toContain(`AS ${target}`);
  });

  it('keeps .env, node_modules and local data out of the build context', () => {
    for (const entry of ['.env', '**/node_modules', '.data', '.git']) expect(dockerignore.split('\n')).toContain(entry);
  });
});
