import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { UserRole } from '@crm/database';

/** A staff session: who, in which organization, with which role. */
export interface StaffClaims {
  kind: 'staff';
  sub: number;
  org_id: number;
  role: Extract<UserRole, 'admin' | 'manager'>;
  /** The user's token_version when this token was issued; a bump revokes it. */
  tv?: number;
}

/** A Mini App session: a client of one organization, identified by their Telegram id. */
export interface ClientClaims {
  kind: 'client';
  sub: number;
  org_id: number;
  telegram_id: number;
  tv?: number;
}

export type Claims = StaffClaims | ClientClaims;

const keys = new Map<string, KeyObject>();

/**
 * The HMAC key of a secret, made once per process. Given a string, jsonwebtoken first tries to read
 * it as a PEM public key and only then as a secret, on every call: a fraction of a millisecond per
 * request that a KeyObject skips.
 */
export function jwtKey(secret: string | KeyObject): KeyObject {
  if (typeof secret !== 'string') return secret;
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    if (keys.size > 16) keys.clear();
    keys.set(secret, key);
  }
  return key;
}

export function signToken(claims: Claims, secret: string | KeyObject, expiresIn: string): string {
  const { sub, ...rest } = claims;
  return jwt.sign(rest, jwtKey(secret), { subject: String(sub), expiresIn: expiresIn as jwt.SignOptions['expiresIn'], algorithm: 'HS256' });
}

/** Verifies signature and expiry; returns null for anything that is not a valid token of ours. */
export function verifyToken(token: string, secret: string | KeyObject): Claims | null {
  try {
    const payload = jwt.verify(token, jwtKey(secret), { algorithms: ['HS256'] }) as jwt.JwtPayload;
    return fromPayload(payload);
  } catch {
    return null;
  }
}

export function fromPayload(payload: jwt.JwtPayload): Claims | null {
  const sub = Number(payload.sub);
  if (!Number.isInteger(sub) || typeof payload.org_id !== 'number') return null;
  const tv = Number.isSafeInteger(payload.tv) ? { tv: payload.tv as number } : {};
  if (payload.kind === 'staff' && (payload.role === 'admin' || payload.role === 'manager')) {
    return { kind: 'staff', sub, org_id: payload.org_id, role: payload.role, ...tv };
  }
  if (payload.kind === 'client' && typeof payload.telegram_id === 'number') {
    return { kind: 'client', sub, org_id: payload.org_id, telegram_id: payload.telegram_id, ...tv };
  }
  return null;
}
