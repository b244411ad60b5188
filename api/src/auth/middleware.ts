import type { KeyObject } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import passport from 'passport';
import { Strategy as JwtStrategy } from 'passport-jwt';
import { tokenFrom } from './token-from.js';
import { DomainError, fromPayload, jwtKey, type Claims, type ClientClaims, type SessionVerifier, type StaffClaims } from '@crm/core';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      auth?: Claims;
    }
  }
}

const STRATEGY = 'crm-jwt';

/**
 * Tokens whose signature and expiry were checked, with their claims, until they expire: the back
 * office sends the same token with every call, and checking its signature again (parsing, HMAC,
 * claims) was a tenth of a cheap read. Keyed by the whole token, so only a token that passed the
 * check is ever found here; the session itself (role, active, token version) is still checked per
 * request. Bounded: the oldest entry goes when it is full.
 */
const verified = new Map<string, { claims: Claims; until: number; key: KeyObject }>();
const VERIFIED_MAX = 10_000;

function rememberVerified(token: string, claims: Claims, exp: unknown, key: KeyObject) {
  if (typeof exp !== 'number') return;
  if (verified.size >= VERIFIED_MAX) verified.delete(verified.keys().next().value!);
  verified.set(token, { claims, until: exp * 1000, key });
}

/** The claims of a token this app's key has verified and that has not expired. */
function knownToken(req: Request): Claims | undefined {
  const token = tokenFrom(req, { header: true });
  const known = token ? verified.get(token) : undefined;
  if (!known) return undefined;
  if (known.until <= Date.now()) {
    verified.delete(token!);
    return undefined;
  }
  // Verified with another key (another app in this process): not this app's token.
  return known.key === (req.app.locals as { jwtKey?: KeyObject }).jwtKey ? known.claims : undefined;
}

/** Registers the passport-jwt strategy; the claims of a valid token land on `req.auth`. */
export function configurePassport(secret: string) {
  const key = jwtKey(secret);
  passport.use(
    STRATEGY,
    new JwtStrategy(
      {
        jwtFromRequest: (req) => tokenFrom(req, { header: true }) ?? null,
        // A KeyObject, not the string: see jwtKey.
        secretOrKey: key as unknown as string,
        algorithms: ['HS256'],
        passReqToCallback: true,
      },
      (req: Request, payload: Parameters<typeof fromPayload>[0], done: (error: unknown, claims: Claims | false) => void) => {
        const claims = fromPayload(payload);
        const token = tokenFrom(req, { header: true });
        if (claims && token) rememberVerified(token, claims, payload.exp, key);
        done(null, claims ?? false);
      },
    ),
  );
  const initialize = passport.initialize();
  // The key the app's requests are checked with (see knownToken).
  return Object.assign(initialize, { jwtKey: key });
}

const sessionEnded = () => new DomainError('unauthorized', 'Your session has ended: sign in again');

/** The app's session verifier (set by buildApp), so every router checks tokens against the same database. */
const sessionsOf = (req: Express.Request): SessionVerifier | undefined =>
  (req as unknown as { app: { locals: { sessions?: SessionVerifier } } }).app.locals.sessions;

/** A valid signature is not enough: the user's row must still grant the session (role, active, token version). */
export const authenticate: RequestHandler = (req, res, next) => {
  const admit = (claims: Claims) => {
    const sessions = sessionsOf(req);
    if (!sessions) {
      req.auth = claims;
      return next();
    }
    sessions.check(claims).then((current) => {
      if (!current) return next(sessionEnded());
      req.auth = current;
      next();
    }, next);
  };
  const known = knownToken(req);
  if (known) return admit(known);
  passport.authenticate(STRATEGY, { session: false }, (error: unknown, claims: Claims | false) => {
    if (error) return next(error);
    if (!claims) return next(new DomainError('unauthorized', 'Sign in first: the token is missing, expired or invalid'));
    admit(claims);
  })(req, res, next);
};

/** Staff only (admins and managers); with roles given, only those. */
export function requireStaff(...roles: StaffClaims['role'][]): RequestHandler {
  return (req, _res, next) => {
    const auth = req.auth;
    if (!auth || auth.kind !== 'staff') return next(new DomainError('forbidden', 'This needs a back-office account'));
    if (roles.length && !roles.includes(auth.role)) return next(new DomainError('forbidden', `Only ${roles.join(' or ')} may do this`));
    next();
  };
}

export function requireClient(): RequestHandler {
  return (req, _res, next) => {
    if (req.auth?.kind !== 'client') return next(new DomainError('forbidden', 'This needs a Mini App session'));
    next();
  };
}

export const staffOf = (req: Express.Request): StaffClaims => req.auth as StaffClaims;
export const clientOf = (req: Express.Request): ClientClaims => req.auth as ClientClaims;
