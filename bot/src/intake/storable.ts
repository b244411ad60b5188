/** What PostgreSQL cannot hold in text or jsonb; Telegram relays it verbatim from whatever a person sends. */
const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';
/** Half of a surrogate pair: JSON can carry it, jsonb refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The update as it can be stored: every NUL character and lone surrogate in a string or key becomes U+FFFD. Without
 * this, jsonb refuses the row, the webhook answers 500, and Telegram redelivers the update forever.
 */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return value.replaceAll(NUL, REPLACEMENT).replace(LONE_SURROGATE, REPLACEMENT) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [storable(key), storable(inner)])) as T;
  }
  return value;
}
