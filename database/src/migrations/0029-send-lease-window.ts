import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';
import { SEND_LEASE_FUNCTION } from './0028-telegram-send-lease.js';

/**
 * A bot's sending lease passes the last second of sends on to the next holder. Telegram counts a
 * request when it arrives, which for a request held up on its way is after its send; each process
 * holds its sends to the last second's answers, and at a hand-over the window goes with the lease:
 * - a holder that reports answers (`p_settles`) holds an unsettled lease: when its time is up it lets
 *   the lease go only once its sends are answered, writing when each of them counts out (`recent`);
 * - the next process takes an expired lease once it is settled (or a second after its end, for a
 *   holder that died) and hears the previous holder's sends of the last second, as ms ago, to start
 *   its own window with; the holder passes on the sends it heard of too (`recent_by` says whose each
 *   is), and nobody hears its own sends back (its window has them).
 */
export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    ALTER TABLE telegram_send_leases
      ADD COLUMN settled boolean NOT NULL DEFAULT true,
      ADD COLUMN recent timestamptz[] NOT NULL DEFAULT '{}',
      ADD COLUMN recent_by text[] NOT NULL DEFAULT '{}';

    DROP FUNCTION telegram_send_lease(text, text, double precision);
    CREATE FUNCTION telegram_send_lease(p_key text, p_holder text, p_ms double precision, p_settles boolean DEFAULT false)
    RETURNS TABLE (held boolean, ms double precision, recent_ms double precision[], recent_by text[]) LANGUAGE plpgsql AS $$
    DECLARE
      cur telegram_send_leases%ROWTYPE;
      t timestamptz;
      span interval := p_ms * interval '1 millisecond';
    BEGIN
      INSERT INTO telegram_send_leases (bot_key, holder, until, settled) VALUES (p_key, p_holder, clock_timestamp() + span, NOT p_settles)
        ON CONFLICT (bot_key) DO NOTHING;
      IF FOUND THEN
        RETURN QUERY SELECT true, p_ms, '{}'::float8[], '{}'::text[];
        RETURN;
      END IF;
      SELECT * INTO cur FROM telegram_send_leases WHERE bot_key = p_key FOR UPDATE;
      t := clock_timestamp();
      IF cur.wanted_by IS NOT NULL AND cur.wanted_by <> p_holder AND cur.wanted_until > t THEN
        -- Another process is next in line: the holder keeps what it has left, anyone else waits.
        IF cur.holder = p_holder AND cur.until > t THEN
          RETURN QUERY SELECT true, extract(epoch FROM cur.until - t)::float8 * 1000, '{}'::float8[], '{}'::text[];
        ELSE
          RETURN QUERY SELECT false, GREATEST(50, extract(epoch FROM cur.until - t)::float8 * 1000), '{}'::float8[], '{}'::text[];
        END IF;
      ELSIF cur.holder = p_holder OR (cur.until <= t AND (cur.settled OR cur.until + interval '1 second' <= t)) THEN
        UPDATE telegram_send_leases
           SET holder = p_holder, until = t + span, wanted_by = NULL, wanted_until = NULL, settled = NOT p_settles, recent = '{}', recent_by = '{}'
         WHERE bot_key = p_key;
        IF cur.holder = p_holder THEN
          RETURN QUERY SELECT true, p_ms, '{}'::float8[], '{}'::text[];
        ELSE
          RETURN QUERY SELECT true, p_ms, array_agg(extract(epoch FROM t - x.r)::float8 * 1000), array_agg(x.by)
            FROM unnest(cur.recent, cur.recent_by) AS x(r, by) WHERE x.r > t - interval '1 second' AND x.by <> p_holder;
        END IF;
      ELSE
        -- Held, or expired but not yet settled: the caller is next in line.
        UPDATE telegram_send_leases SET wanted_by = p_holder, wanted_until = GREATEST(cur.until, t) + LEAST(span, interval '1 second') WHERE bot_key = p_key;
        RETURN QUERY SELECT false, GREATEST(5, extract(epoch FROM cur.until - t)::float8 * 1000), '{}'::float8[], '{}'::text[];
      END IF;
    END $$;
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP FUNCTION IF EXISTS telegram_send_lease(text, text, double precision, boolean);
    ${SEND_LEASE_FUNCTION}
    ALTER TABLE telegram_send_leases DROP COLUMN recent_by, DROP COLUMN recent, DROP COLUMN settled;
  `);
};
