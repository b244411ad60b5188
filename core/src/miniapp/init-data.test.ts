import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../errors.js';
import { dataCheckString, initDataHash, signInitData, validateInitData } from './init-data.js';

// Published vector: the signed init data and bot token from the Telegram Mini Apps documentation
// (docs.telegram-mini-apps.com, used by @tma.js/init-data-node and several ports' test suites).
// It was not produced by our signer, so a bug shared by signer and validator cannot pass it.
const VECTOR = {
  token: '5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8',
  initData:
    'query_id=AAHdF6IQAAAAAN0XohDhrOrc' +
    '&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%7D' +
    '&auth_date=1662771648' +
    '&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2',
  authDate: 1662771648,
};
const at = (sec: number) => new Date(sec * 1000);
const opts = (nowSec: number, maxAgeSeconds = 3600) => ({ maxAgeSeconds, now: at(nowSec) });

function reasonOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('unauthorized');
    return (error as DomainError).details?.reason as string;
  }
  throw new Error('expected a refusal');
}

describe('validateInitData', () => {
  it('accepts the published vector and answers the signed user', () => {
    const result = validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate + 10));
    expect(result.user).toEqual({
      id: 279058397,
      first_name: 'Vladislav',
      last_name: 'Kibenko',
      username: 'vdkfrost',
      language_code: 'ru',
      is_premium: true,
    });
    expect(result.auth_date).toBe(VECTOR.authDate);
    expect(result.query_id).toBe('AAHdF6IQAAAAAN0XohDhrOrc');
  });

  it('builds the documented data-check string: every field but hash, sorted, joined by newlines', () => {
    expect(dataCheckString(new URLSearchParams(VECTOR.initData))).toBe(
      'auth_date=1662771648\nquery_id=AAHdF6IQAAAAAN0XohDhrOrc\n' +
        'user={"id":279058397,"first_name":"Vladislav","last_name":"Kibenko","username":"vdkfrost","language_code":"ru","is_premium":true}',
    );
  });

  it('accepts the fields in any order (the hash covers the sorted string, not the query order)', () => {
    const shuffled = VECTOR.initData.split('&').reverse().join('&');
    expect(validateInitData(shuffled, VECTOR.token, opts(VECTOR.authDate)).user.id).toBe(279058397);
  });

  it('refuses tampered data', () => {
    expect(reasonOf(() => validateInitData(VECTOR.initData.replace('279058397', '279058398'), VECTOR.token, opts(VECTOR.authDate)))).toBe('bad_hash');
    expect(reasonOf(() => validateInitData(VECTOR.initData.replace('auth_date=1662771648', 'auth_date=1662771649'), VECTOR.token, opts(VECTOR.authDate)))).toBe(
      'bad_hash',
    );
    expect(reasonOf(() => validateInitData(`${VECTOR.initData}&start_param=admin`, VECTOR.token, opts(VECTOR.authDate)))).toBe('bad_hash');
    const flipped = VECTOR.initData.replace(/hash=c/, 'hash=d');
    expect(reasonOf(() => validateInitData(flipped, VECTOR.token, opts(VECTOR.authDate)))).toBe('bad_hash');
  });

  it("refuses another bot's token", () => {
    expect(reasonOf(() => validateInitData(VECTOR.initData, '5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx9', opts(VECTOR.authDate)))).toBe('bad_hash');
    expect(reasonOf(() => validateInitData(VECTOR.initData, '123:other', opts(VECTOR.authDate)))).toBe('bad_hash');
  });

  it('refuses a missing, empty, malformed or duplicated hash, and empty input', () => {
    const withoutHash = VECTOR.initData.replace(/&hash=[0-9a-f]+/, '');
    expect(reasonOf(() => validateInitData(withoutHash, VECTOR.token, opts(VECTOR.authDate)))).toBe('missing_hash');
    expect(reasonOf(() => validateInitData(`${withoutHash}&hash=`, VECTOR.token, opts(VECTOR.authDate)))).toBe('missing_hash');
    expect(reasonOf(() => validateInitData(`${withoutHash}&hash=xyz`, VECTOR.token, opts(VECTOR.authDate)))).toBe('bad_hash');
    expect(reasonOf(() => validateInitData(`${VECTOR.initData}&hash=00`, VECTOR.token, opts(VECTOR.authDate)))).toBe('malformed');
    expect(reasonOf(() => validateInitData('', VECTOR.token, opts(VECTOR.authDate)))).toBe('missing');
  });

  it('enforces freshness: at the limit it passes, one second later it is stale', () => {
    expect(validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate + 3600)).user.id).toBe(279058397);
    expect(reasonOf(() => validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate + 3601)))).toBe('stale');
    expect(reasonOf(() => validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate + 600, 300)))).toBe('stale');
  });

  it('refuses an auth_date from the future beyond the clock skew', () => {
    expect(validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate - 30)).user.id).toBe(279058397);
    expect(reasonOf(() => validateInitData(VECTOR.initData, VECTOR.token, opts(VECTOR.authDate - 120)))).toBe('future');
  });

  it('round-trips our signer (used by tests and the demo link) and refuses a signed payload without a user', () => {
    const token = '7000000001:TEST-token-for-signing';
    const signed = signInitData({ user: { id: 42, first_name: 'Анна', language_code: 'ru' }, auth_date: 1_800_000_000, chat_type: 'sender' }, token);
    expect(validateInitData(signed, token, opts(1_800_000_100)).user).toEqual({ id: 42, first_name: 'Анна', language_code: 'ru' });
    const noUser = new URLSearchParams({ auth_date: '1800000000', query_id: 'Q' });
    noUser.set('hash', initDataHash(noUser, token));
    expect(reasonOf(() => validateInitData(noUser.toString(), token, opts(1_800_000_000)))).toBe('no_user');
  });
});
