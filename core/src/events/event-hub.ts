import pg from 'pg';
import type { Logger } from 'pino';
import { EVENT_CHANNEL, crmEventSchema, type CrmEvent } from './event.types.js';

type EventListener = (event: CrmEvent) => void;

export interface EventHub {
  /** Resolves once the hub is LISTENing (the first time); later reconnections happen in the background. */
  ready(): Promise<void>;
  /** Listens to one organization's events. Returns the unsubscribe function. */
  subscribe(orgId: number, listener: EventListener): () => void;
  /** Number of in-process subscribers (all organizations). */
  size(): number;
  /** Called once when the hub closes (long-lived streams end then). Returns the unregister function. */
  onClose(callback: () => void): () => void;
  close(): Promise<void>;
}

export interface EventHubOptions {
  /** Delay before the first reconnection attempt; doubles up to `maxReconnectDelayMs`. */
  reconnectDelayMs?: number;
  maxReconnectDelayMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * One dedicated PostgreSQL connection LISTENing on `crm_events`, fanned out to the process's
 * subscribers by organization. A lost connection is re-established with backoff; events
 * published while it was down are not replayed (clients refetch on reconnect).
 */
export function createEventHub(databaseUrl: string, logger: Logger, options: EventHubOptions = {}): EventHub {
  const baseDelay = options.reconnectDelayMs ?? 250;
  const maxDelay = options.maxReconnectDelayMs ?? 10_000;
  const subscribers = new Map<number, Set<EventListener>>();
  const closeCallbacks = new Set<() => void>();
  let client: pg.Client | undefined;
  let closed = false;
  let delay = baseDelay;
  let timer: NodeJS.Timeout | undefined;
  let resolveReady!: () => void;
  const firstReady = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });

  const dispatch = (message: pg.Notification) => {
    if (message.channel !== EVENT_CHANNEL || !message.payload) return;
    let event: CrmEvent;
    try {
      event = crmEventSchema.parse(JSON.parse(message.payload)) as CrmEvent;
    } catch {
      logger.warn({ channel: message.channel }, 'ignoring a malformed event');
      return;
    }
    for (const listener of subscribers.get(event.org_id) ?? []) {
      try {
        listener(event);
      } catch (error) {
        logger.error({ err: error, type: event.type }, 'event subscriber failed');
      }
    }
  };

  const scheduleReconnect = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    delay = Math.min(delay * 2, maxDelay);
  };

  async function connect(): Promise<void> {
    if (closed) return;
    const next = new pg.Client({ connectionString: databaseUrl, application_name: options.applicationName ?? 'crm-event-hub' });
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      if (!closed) logger.warn({ err: error }, 'event hub connection lost; reconnecting');
      next.removeAllListeners('notification');
      next.end().catch(() => {});
      if (client === next) client = undefined;
      scheduleReconnect();
    };
    next.on('error', fail);
    next.on('end', () => fail(new Error('connection ended')));
    next.on('notification', dispatch);
    try {
      await next.connect();
      await next.query(`LISTEN ${EVENT_CHANNEL}`);
      if (closed) {
        await next.end();
        return;
      }
      client = next;
      delay = baseDelay;
      resolveReady();
    } catch (error) {
      fail(error);
    }
  }

  void connect();

  return {
    ready: () => firstReady,
    subscribe(orgId, listener) {
      let set = subscribers.get(orgId);
      if (!set) subscribers.set(orgId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && subscribers.get(orgId) === set) subscribers.delete(orgId);
      };
    },
    size: () => [...subscribers.values()].reduce((n, set) => n + set.size, 0),
    onClose(callback) {
      if (closed) {
        callback();
        return () => {};
      }
      closeCallbacks.add(callback);
      return () => closeCallbacks.delete(callback);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const callback of closeCallbacks) {
        try {
          callback();
        } catch (error) {
          logger.warn({ err: error }, 'event hub close callback failed');
        }
      }
      closeCallbacks.clear();
      if (timer) clearTimeout(timer);
      subscribers.clear();
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners('end');
        await current.end().catch(() => {});
      }
    },
  };
}
