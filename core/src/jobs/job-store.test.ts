import { describe, expect, it } from '@jest/globals';
import { createServer } from 'node:net';
import { MongoBackend } from '@agendajs/mongo-backend';
import { PostgresBackend } from '@agendajs/postgres-backend';
import { MongoClient } from 'mongodb';
import { agendaEnv, checkAgendaEnv } from '../config/env.js';
import { ConfigError, loadConfig } from '../config/load.js';
import { closeJobStore, createAgendaBackend, openJobQueue, openJobStore } from './queue.js';

const schema = agendaEnv.superRefine(checkAgendaEnv);

/** A local port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('job queue backend settings', () => {
  it('defaults to PostgreSQL and needs no MongoDB address', () => {
    expect(loadConfig(schema, {})).toEqual({ AGENDA_BACKEND: 'postgres' });
  });

  it('stops on AGENDA_BACKEND=mongo without MONGODB_URL, naming MONGODB_URL', () => {
    expect(() => loadConfig(schema, { AGENDA_BACKEND: 'mongo' })).toThrow(ConfigError);
    expect(() => loadConfig(schema, { AGENDA_BACKEND: 'mongo', MONGODB_URL: '' })).toThrow(/MONGODB_URL: required when AGENDA_BACKEND=mongo/);
  });

  it('accepts MongoDB connection strings, including several hosts, and rejects others', () => {
    for (const url of [
      'mongodb://crm:secret@mongo:27017/agenda?authSource=admin',
      'mongodb://a:27017,b:27017/agenda?replicaSet=rs0',
      'mongodb+srv://crm:secret@cluster.example.net/agenda',
    ]) {
      expect(loadConfig(schema, { AGENDA_BACKEND: 'mongo', MONGODB_URL: url })).toEqual({ AGENDA_BACKEND: 'mongo', MONGODB_URL: url });
    }
    expect(() => loadConfig(schema, { AGENDA_BACKEND: 'mongo', MONGODB_URL: 'postgres://db/crm' })).toThrow(/MONGODB_URL: must be a mongodb/);
  });
});

describe('job store selection', () => {
  it('picks PostgreSQL by default: a pool on the database URL and the agenda_jobs table', async () => {
    const store = openJobStore({ AGENDA_BACKEND: 'postgres' }, { databaseUrl: 'postgres://postgres@127.0.0.1:1/none', poolMax: 1 });
    expect(store).toMatchObject({ kind: 'postgres', tableName: 'agenda_jobs' });
    expect(createAgendaBackend(store)).toBeInstanceOf(PostgresBackend);
    await closeJobStore(store);
  });

  it('picks MongoDB for AGENDA_BACKEND=mongo without connecting', async () => {
    const store = openJobStore(
      { AGENDA_BACKEND: 'mongo', MONGODB_URL: 'mongodb://127.0.0.1:1/agenda' },
      { databaseUrl: 'postgres://unused', tableName: 'jobs_here' },
    );
    if (store.kind !== 'mongo') throw new Error(`expected a MongoDB store, got ${store.kind}`);
    expect(store.client).toBeInstanceOf(MongoClient);
    expect(store.collection).toBe('jobs_here');
    const backend = createAgendaBackend(store);
    expect(backend).toBeInstanceOf(MongoBackend);
    expect(backend.name).toBe('MongoDB');
    // No LISTEN/NOTIFY equivalent: workers poll, producers send no wake-up.
    expect(backend.notificationChannel).toBeUndefined();
    await closeJobStore(store);
  });

  it('refuses AGENDA_BACKEND=mongo without an address even when the config check was skipped', () => {
    expect(() => openJobStore({ AGENDA_BACKEND: 'mongo' }, { databaseUrl: 'postgres://unused' })).toThrow(
      new ConfigError('MONGODB_URL: required when AGENDA_BACKEND=mongo'),
    );
  });

  it('fails, within the server selection timeout, naming the address when MongoDB is unreachable', async () => {
    const port = await closedPort();
    const started = Date.now();
    const opening = openJobQueue({
      url: 'postgres://unused',
      backend: { AGENDA_BACKEND: 'mongo', MONGODB_URL: `mongodb://127.0.0.1:${port}/agenda` },
      serverSelectionTimeoutMS: 500,
    });
    await expect(opening).rejects.toThrow(`127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
