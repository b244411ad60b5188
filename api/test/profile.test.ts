import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { User } from '@crm/database';
import { bearer, createTestApi, type TestApi } from '@crm/testing/api';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PASSWORD = 'correct horse battery';
let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
  // The operator script runs the built core, as `npm run reset-password` does after its build step.
  const build = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -b failed: ${build.stdout}${build.stderr}`);
}, 120_000);
afterAll(async () => {
  await api?.close();
});

const login = (email: string, password: string, organization?: number) =>
  api.http.post('/api/auth/login').send({ email, password, ...(organization ? { organization } : {}) });

describe('my profile', () => {
  it('changes the password only with the current one, ends other sessions and keeps this one', async () => {
    const { token, user } = await api.register();
    const other = (await login(user.email, PASSWORD)).body.token as string;

    const wrong = await api.http
      .post('/api/auth/password')
      .set(bearer(token))
      .send({ current_password: 'not my password', new_password: 'a brand new secret 42' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.current_password.code).toBe('wrong_password');
    const missing = await api.http.post('/api/auth/password').set(bearer(token)).send({ new_password: 'a brand new secret 42' });
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toHaveProperty('current_password');
    const weak = await api.http.post('/api/auth/password').set(bearer(token)).send({ current_password: PASSWORD, new_password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.fields).toHaveProperty('new_password');
    expect((await login(user.email, PASSWORD)).status).toBe(200);

    const changed = await api.http.post('/api/auth/password').set(bearer(token)).send({ current_password: PASSWORD, new_password: 'a brand new secret 42' });
    expect(changed.status).toBe(200);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    expect((await login(user.email, 'a brand new secret 42')).status).toBe(200);
    // The fresh token works; the session opened elsewhere before the change ends within the session cache.
    expect((await api.http.get('/api/profile').set(bearer(changed.body.token))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await api.http.get('/api/profile').set(bearer(other))).status).toBe(401);
  });

  it('keeps the chosen language, answers it at sign-in and rejects another', async () => {
    const { token, user } = await api.register();
    expect((await api.http.get('/api/profile').set(bearer(token))).body.locale).toBeNull();
    const saved = await api.http.put('/api/profile').set(bearer(token)).send({ locale: 'en' });
    expect(saved.status).toBe(200);
    expect(saved.body.locale).toBe('en');
    expect((await api.http.get('/api/profile').set(bearer(token))).body.locale).toBe('en');
    expect((await login(user.email, PASSWORD)).body.user.locale).toBe('en');
    expect((await api.http.get('/api/auth/me').set(bearer(token))).body.user.locale).toBe('en');
    const bad = await api.http.put('/api/profile').set(bearer(token)).send({ locale: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('locale');
    // Back to the organization's language.
    expect((await api.http.put('/api/profile').set(bearer(token)).send({ locale: null })).body.locale).toBeNull();
  });

  it('unlinks my Telegram', async () => {
    const { token, user } = await api.register();
    await User.update({ telegram_id: 7_000_000_000 + user.id, telegram_username: 'me_on_tg' }, { where: { id: user.id } });
    expect((await api.http.get('/api/profile').set(bearer(token))).body).toMatchObject({ telegram_linked: true, telegram_username: 'me_on_tg' });
    const unlinked = await api.http.delete('/api/profile/telegram-link').set(bearer(token));
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ telegram_linked: false, telegram_username: null });
    expect((await User.findByPk(user.id))!.telegram_id).toBeNull();
  });
});

function resetPassword(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'scripts/reset-password.mjs'), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: process.env.CRM_TEST_DATABASE_URL ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.stdin.end(stdin ?? '');
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`reset-password did not exit: ${stderr}`));
    }, 45_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('npm run reset-password', () => {
  it('prints a generated password that signs in, and ends the old sessions', async () => {
    const { token, user, org } = await api.register();
    const run = await resetPassword([user.email.toUpperCase()]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const generated = /New password: (\S+)/.exec(run.stdout)?.[1];
    expect(generated).toBeDefined();
    expect(run.stdout).toContain(`(id ${org.id})`);
    expect((await login(user.email, generated!)).status).toBe(200);
    expect((await login(user.email, PASSWORD)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await api.http.get('/api/profile').set(bearer(token))).status).toBe(401);
  }, 120_000);

  it('reads the password from stdin and needs --org when the email opens several organizations', async () => {
    const first = await api.register();
    const second = await api.register(`Second firm ${Date.now()}`);
    const email = first.user.email;
    // The same person is also the admin of a second firm.
    const added = await api.http
      .post('/api/users')
      .set(bearer(second.token))
      .send({ name: 'Same person', role: 'admin', email, password: 'another good secret 7' });
    expect(added.status).toBe(201);

    const ambiguous = await resetPassword([email, '--stdin'], 'the chosen secret 99\n');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain('several organizations');
    expect(ambiguous.stderr).toContain(String(first.org.id));
    expect(ambiguous.stderr).toContain(String(second.org.id));

    const byName = await resetPassword([email, '--org', second.org.name.toLowerCase(), '--stdin'], 'the chosen secret 99\n');
    expect(byName.code).toBe(0);
    expect(byName.stdout).not.toContain('New password');
    expect((await login(email, 'the chosen secret 99', second.org.id)).status).toBe(200);
    expect((await login(email, PASSWORD, first.org.id)).status).toBe(200);

    const byId = await resetPassword([email, '--org', String(first.org.id), '--stdin'], 'weak\n');
    expect(byId.code).toBe(1);
    expect(byId.stderr).toMatch(/new_password must be at least 10 characters/);
  }, 120_000);

  it('says clearly when the email or the organization is unknown', async () => {
    const { user } = await api.register();
    const unknown = await resetPassword(['nobody-here@example.test']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No active admin or manager has the email nobody-here@example.test');
    const noOrg = await resetPassword([user.email, '--org', 'No such firm at all']);
    expect(noOrg.code).toBe(1);
    expect(noOrg.stderr).toContain('No organization has the id or name "No such firm at all"');
    const usage = await resetPassword([]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Usage: npm run reset-password');
  }, 120_000);
});
