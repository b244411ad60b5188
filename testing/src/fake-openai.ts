import http from 'node:http';
import type { AddressInfo } from 'node:net';

// An OpenAI-compatible server for tests: the real `openai` client talks to it over HTTP. It records
// every request and answers from a script, one step per request, then with the default answer.

interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
  cost?: number;
}

type FakeAnswer =
  | { json: unknown; usage?: FakeUsage; delayMs?: number }
  | { content: string; usage?: FakeUsage; delayMs?: number }
  | { status: number; error?: string; retryAfterMs?: number; delayMs?: number };

interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
}

export interface FakeOpenAi {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Answers for the next requests, in order. */
  script(...answers: FakeAnswer[]): void;
  /** The answer once the script is used up. */
  setDefault(answer: FakeAnswer): void;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const requests: RecordedRequest[] = [];
  let queue: FakeAnswer[] = [];
  let fallback: FakeAnswer = { status: 500, error: 'no scripted answer' };
  let counter = 0;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: Record<string, any> = {};
      try {
        body = raw ? JSON.parse(raw) : {};
      } catch {
        body = { raw };
      }
      requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body });
      const answer = queue.shift() ?? fallback;
      const send = () => {
        if (res.destroyed) return;
        if (req.url?.split('?')[0] !== '/v1/chat/completions' && req.url?.split('?')[0] !== '/api/v1/chat/completions') {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'not found' } }));
          return;
        }
        if ('status' in answer) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (answer.retryAfterMs !== undefined) headers['retry-after-ms'] = String(answer.retryAfterMs);
          res.writeHead(answer.status, headers).end(JSON.stringify({ error: { message: answer.error ?? `status ${answer.status}`, code: answer.status } }));
          return;
        }
        const content = 'json' in answer ? JSON.stringify(answer.json) : answer.content;
        const usage = answer.usage ?? { prompt_tokens: 0, completion_tokens: 0 };
        counter += 1;
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            id: `gen-${counter}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model ?? 'fake',
            choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          }),
        );
      };
      if (answer.delayMs) setTimeout(send, answer.delayMs).unref();
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    requests,
    script: (...answers) => {
      queue.push(...answers);
    },
    setDefault: (answer) => {
      fallback = answer;
    },
    reset: () => {
      queue = [];
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
