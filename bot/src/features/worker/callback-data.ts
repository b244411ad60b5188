import { z } from 'zod';

/**
 * Inline-button data of the worker flows: `w1:<nonce>:<step>:<action>[:<arg>]`, at most 64 bytes.
 * `w1` versions the format; the nonce names the dialog the button belongs to and the step the
 * screen it was on, so a button from an older dialog or an earlier screen is recognised as stale
 * instead of acting on the current one. Ids in the data are only claims: the handlers check them.
 */
const CALLBACK_VERSION = 'w1';
const MAX_BYTES = 64;

export const STEP_CODES = {
  choose_project: 'p',
  choose_stage: 's',
  media: 'm',
  note: 'n',
  progress: 'g',
  confirm: 'c',
  amount: 'a',
  category: 'k',
  project: 'j',
  stage: 't',
  receipt: 'r',
} as const;
export type StepName = keyof typeof STEP_CODES;
const STEP_BY_CODE = Object.fromEntries(Object.entries(STEP_CODES).map(([name, code]) => [code, name])) as Record<string, StepName>;

const nonce = z.string().regex(/^[a-z0-9]{4,10}$/);
const intArg = z.coerce.number().int().min(0).max(2_147_483_647);

const workerAction = z.discriminatedUnion('action', [
  z.object({ action: z.literal('project'), id: intArg.refine((n) => n > 0) }),
  z.object({ action: z.literal('stage'), id: intArg }), // 0 = the whole project
  z.object({ action: z.literal('category'), index: intArg.max(99) }),
  z.object({ action: z.literal('progress'), pct: intArg.max(100) }),
  z.object({ action: z.literal('done') }),
  z.object({ action: z.literal('skip') }),
  z.object({ action: z.literal('confirm') }),
  z.object({ action: z.literal('back') }),
  z.object({ action: z.literal('cancel') }),
]);
export type WorkerAction = z.infer<typeof workerAction>;

export interface WorkerCallback {
  nonce: string;
  step: StepName;
  action: WorkerAction;
}

const ACTION_CODES = { project: 'p', stage: 's', category: 'k', progress: 'g', done: 'd', skip: 'n', confirm: 'c', back: 'b', cancel: 'x' } as const;
const ACTION_BY_CODE = Object.fromEntries(Object.entries(ACTION_CODES).map(([name, code]) => [code, name])) as Record<string, WorkerAction['action']>;

export function encodeCallback({ nonce: n, step, action }: WorkerCallback): string {
  const arg = 'id' in action ? action.id : 'index' in action ? action.index : 'pct' in action ? action.pct : undefined;
  const data = [CALLBACK_VERSION, n, STEP_CODES[step], ACTION_CODES[action.action], ...(arg === undefined ? [] : [String(arg)])].join(':');
  if (Buffer.byteLength(data) > MAX_BYTES) throw new Error(`callback data over ${MAX_BYTES} bytes`);
  return data;
}

/** Parses button data of ours; null for anything else (another feature's data, an older format, junk). */
export function decodeCallback(data: string | undefined): WorkerCallback | null {
  if (!data || Buffer.byteLength(data) > MAX_BYTES) return null;
  const [version, n, stepCode, actionCode, arg, ...rest] = data.split(':');
  if (version !== CALLBACK_VERSION || rest.length || !stepCode || !actionCode) return null;
  const step = STEP_BY_CODE[stepCode];
  const name = ACTION_BY_CODE[actionCode];
  if (!step || !name || !nonce.safeParse(n).success) return null;
  const argKey = name === 'project' || name === 'stage' ? 'id' : name === 'category' ? 'index' : name === 'progress' ? 'pct' : null;
  if (!argKey && arg !== undefined) return null;
  if (argKey && (arg === undefined || !/^\d{1,10}$/.test(arg))) return null;
  const parsed = workerAction.safeParse(argKey ? { action: name, [argKey]: arg } : { action: name });
  return parsed.success ? { nonce: n!, step, action: parsed.data } : null;
}

export const isWorkerCallback = (data: string | undefined) => data?.startsWith(`${CALLBACK_VERSION}:`) ?? false;

export function newNonce(): string {
  return Math.random().toString(36).slice(2, 8).padEnd(6, '0');
}
