import type { MigrationFn } from 'umzug';
import type { QueryInterface } from 'sequelize';

/**
 * A bot's sending lease: one jobs process at a time sends for a bot, for a few seconds, spacing the
 * sends on its own clock with no database round trip per send (core/src/telegram/rate-limiter.ts).
 * `telegram_send_lease` takes, renews or queues for the lease in one call:
 * - free (never taken, or its time is up) or already the caller's: the caller holds it for `ms`;
 * - held by another process: the caller is next in line (`wanted_by`) and hears how long to wait;
 *   the holder then keeps only what it has left, so processes with work for the bot take turns;
 * - a place in line that is not renewed lapses shortly after the lease it waited for, so a process
 *   that stopped waiting (or died) never holds the bot back.
 * Times are the database's, so processes on different machines agree on them.
 */
/** The lease function as this migration made it (migration 0029 puts it back when undone). */
export const SEND_LEASE_FUNCTION = `
    CREATE FUNCTION telegram_send_lease(p_key text, p_holder text, p_ms double precision)
    RETURNS TABLE (held boolean, ms double precision) LANGUAGE plpgsql AS $$
    DECLARE
      cur telegram_send_leases%ROWTYPE;
      t timestamptz;
      span interval := p_ms * interval '1 millisecond';
    BEGIN
      INSERT INTO telegram_send_leases (bot_key, holder, until) VALUES (p_key, p_holder, clock_timestamp() + span)
        ON CONFLICT (bot_key) DO NOTHING;
      IF FOUND THEN
        RETURN QUERY SELECT true, p_ms;
        RETURN;
      END IF;
      SELECT * INTO cur FROM telegram_send_leases WHERE bot_key = p_key FOR UPDATE;
      t := clock_timestamp();
      IF cur.wanted_by IS NOT NULL AND cur.wanted_by <> p_holder AND cur.wanted_until > t THEN
        -- Another process is next in line: the holder keeps what it has left, anyone else waits.
        IF cur.holder = p_holder AND cur.until > t THEN
          RETURN QUERY SELECT true, extract(epoch FROM cur.until - t)::float8 * 1000;
        ELSE
          RETURN QUERY SELECT false, GREATEST(50, extract(epoch FROM cur.until - t)::float8 * 1000);
        END IF;
      ELSIF cur.holder = p_holder OR cur.until <= t THEN
        UPDATE telegram_send_leases SET holder = p_holder, until = t + span, wanted_by = NULL, wanted_until = NULL WHERE bot_key = p_key;
        RETURN QUERY SELECT true, p_ms;
      ELSE
        UPDATE telegram_send_leases SET wanted_by = p_holder, wanted_until = cur.until + LEAST(span, interval '1 second') WHERE bot_key = p_key;
        RETURN QUERY SELECT false, GREATEST(1, extract(epoch FROM cur.until - t)::float8 * 1000);
      END IF;
    END $$;`;

export const up: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    CREATE TABLE telegram_send_leases (
      bot_key text PRIMARY KEY,
      holder text NOT NULL,
      until timestamptz NOT NULL,
      wanted_by text,
      wanted_until timestamptz
    );

    ${SEND_LEASE_FUNCTION}
  `);
};

export const down: MigrationFn<QueryInterface> = async ({ context: qi }) => {
  await qi.sequelize.query(`
    DROP FUNCTION IF EXISTS telegram_send_lease(text, text, double precision);
    DROP TABLE IF EXISTS telegram_send_leases;
  `);
};
