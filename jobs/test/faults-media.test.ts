// File downloads from Telegram failing for a while: the photo is retried with a capped back-off,
// shown as "still loading" meanwhile, and stored once Telegram serves files again. Past the retry
// window it is shown as "could not load" (a manual retry is offered). The outage lasts 60 s as a real
// one would (FAULT_MEDIA_OUTAGE_MS shortens it); only the back-off cap is lowered to 5 s.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { buffer } from 'node:stream/consumers';
import { ChatMessage, Lead, type Organization } from '@crm/database';
import { JOBS } from '@crm/core';
import { startHarness, waitFor } from '@crm/testing/jobs-harness';
import type { Worker } from '../src/worker.js';

const OUTAGE_MS = Number(process.env.FAULT_MEDIA_OUTAGE_MS ?? 60_000);
jest.setTimeout(OUTAGE_MS + 90_000);

let h: Awaited<ReturnType<typeof startHarness>>;
let worker: Worker;
let org: Organization;
let lead: Lead;

beforeAll(async () => {
  h = await startHarness({ MEDIA_RETRY_WINDOW_MS: String(OUTAGE_MS * 6) }, { backoffBaseMs: 200, backoffCapMs: 5_000 });
  org = await h.createOrg('Media outage');
  lead = await Lead.create({ org_id: org.id, telegram_id: 4343, chat_id: 4343, name: 'Олег', position: 0 });
  worker = await h.newWorker();
  await worker.start();
});
afterAll(async () => h.close());

async function inboundPhoto(bytes: Buffer) {
  const file = h.fake.registerFile(bytes, { mime_type: 'image/jpeg', extension: 'jpg' });
  const message = await ChatMessage.create({
    org_id: org.id,
    lead_id: lead.id,
    direction: 'inbound',
    status: 'received',
    chat_id: 4343,
    kind: 'photo',
    content: '',
    media: [{ type: 'photo', file_id: file.file_id, file_unique_id: file.file_unique_id, mime_type: 'image/jpeg' }],
  });
  await worker.deps.queue.enqueue(JOBS.mediaIngest, { org_id: org.id, message_id: message.id });
  return message;
}

describe('a file-download outage', () => {
  it('keeps the photo loading through the outage and stores it when downloads work again', async () => {
    h.fake.failDownloads(502);
    const started = Date.now();
    const bytes = Buffer.from('\xff\xd8\xff\xe0 kitchen photo', 'latin1');
    const message = await inboundPhoto(bytes);
    const loading = await waitFor(
      async () => {
        const row = await ChatMessage.findByPk(message.id);
        return row?.media_state === 'loading' && row.media_attempts >= 2 ? row : null;
      },
      10_000,
      'loading',
    );
    expect(loading.media_error).toMatch(/502.*retrying/);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, OUTAGE_MS - (Date.now() - started))));
    expect((await ChatMessage.findByPk(message.id))!.media_state).toBe('loading');
    const failedDownloads = h.fake.downloads;
    h.fake.clearFaults();

    const stored = await waitFor(
      async () => {
        const row = await ChatMessage.findByPk(message.id);
        return row?.media[0]?.key && row.media_state === null ? row : null;
      },
      10_000,
      'stored',
    );
    expect(Buffer.compare(await buffer((await h.storage.get(stored.media[0]!.key!)).stream), bytes)).toBe(0);
    console.log(
      `[faults] file downloads down for ${OUTAGE_MS} ms: ${failedDownloads} failed downloads, ` +
        `${stored.media_attempts} attempts; the photo was stored ${Date.now() - started} ms after it arrived`,
    );
  });

  it('marks the photo as not loaded once the retry window is over', async () => {
    const short = await h.newWorker('short-window');
    await worker.stop();
    short.deps.delivery.mediaRetryWindowMs = 1_500;
    await short.start();
    h.fake.failDownloads(502);
    const message = await inboundPhoto(Buffer.from('never arrives'));
    const failed = await waitFor(
      async () => {
        const row = await ChatMessage.findByPk(message.id);
        return row?.media_state === 'failed' ? row : null;
      },
      10_000,
      'failed',
    );
    // The last failure is named: the injected 502, or, on a loaded machine, the request's time-out.
    expect(failed.media_error).toMatch(/(502|timed out).*after \d+ attempts/);
    expect(failed.media[0]!.key ?? null).toBeNull();
    h.fake.clearFaults();
  });
});
