// A small HTTP load generator run in a worker thread, so it never shares an event loop with the
// servers it measures. Keep-alive connections; two modes:
// - closed: `concurrency` requests always in flight for `seconds`; answers completed requests/s;
// - open: one request every 1000/`rate` ms whatever the server does, for `seconds`; latency is
//   measured from when the request was due, so a server falling behind shows in the tail.
import http from 'node:http';
import { parentPort } from 'node:worker_threads';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function requester(base, agent) {
  const url = new URL(base);
  // `bodies`: one request's body after another, in turn (writes spread over several rows, as a firm's are).
  let turn = 0;
  return ({ method = 'GET', path, headers = {}, body: only, bodies }) =>
    new Promise((resolve) => {
      const body = bodies ? bodies[turn++ % bodies.length] : only;
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          agent,
          headers: { ...headers, ...(payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {}) },
        },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode));
          res.on('error', () => resolve(0));
        },
      );
      req.on('error', () => resolve(0));
      req.end(payload);
    });
}

async function closed({ base, request, concurrency, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const send = requester(base, agent);
  const end = performance.now() + seconds * 1000;
  let ok = 0;
  let failed = 0;
  let lastStatus = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const status = await send(request);
        if (status >= 200 && status < 300) ok++;
        else {
          failed++;
          lastStatus = status;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: ok / elapsed, ok, failed, lastStatus };
}

async function open({ base, request, rate, seconds }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const send = requester(base, agent);
  const interval = 1000 / rate;
  const total = Math.round(rate * seconds);
  const latencies = [];
  const inFlight = new Set();
  let failed = 0;
  let dropped = 0;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    if (inFlight.size >= 1000) {
      dropped++;
      continue;
    }
    // From its due time when it went out late (the wait counts, as a user's would), from its start when
    // it went out up to 1 ms early (a sub-millisecond answer would otherwise come out negative).
    const from = Math.max(due, performance.now());
    const done = send(request).then((status) => {
      if (status >= 200 && status < 300) latencies.push(performance.now() - from);
      else failed++;
      inFlight.delete(done);
    });
    inFlight.add(done);
  }
  await Promise.all(inFlight);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] : NaN);
  return { p50: at(50), p95: at(95), p99: at(99), ok: latencies.length, failed, dropped };
}

parentPort.on('message', async (job) => {
  try {
    parentPort.postMessage({ id: job.id, result: job.mode === 'open' ? await open(job) : await closed(job) });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String(error?.stack ?? error) });
  }
});
