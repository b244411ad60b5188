import type { RequestHandler } from 'express';
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

/** Registers the passport-jwt strategy; the claims of a valid token land on `req.auth`. */
export function configurePassport(secret: string) {
  passport.use(
    STRATEGY,
    new JwtStrategy(
      {
        jwtFromRequest: (req) => tokenFrom(req, { header: true }) ?? null,
        // A KeyObject, not the string: see jwtKey.
        secretOrKey: jwtKey(secret) as unknown as string,
        algorithms: ['HS256'],
      },
      (payload, done) => {
        const claims = fromPayload(payload);
        done(null, claims ?? false);
      },
    ),
  );
  return passport.initialize();
}

const sessionEnded = () => new DomainError('unauthorized', 'Your session has ended: sign in again');

/** The app's session verifier (set by buildApp), so every router checks tokens against the same database. */
const sessionsOf = (req: Express.Request): SessionVerifier | undefined =>
  (req as unknown as { app: { locals: { sessions?: SessionVerifier } } }).app.locals.sessions;

/** A valid signature is not enough: the user's row must still grant the session (role, active, token version). */
export const authenticate: RequestHandler = (req, res, next) => {
  passport.authenticate(STRATEGY, { session: false }, (error: unknown, claims: Claims | false) => {
    if (error) return next(error);
    if (!claims) return next(new DomainError('unauthorized', 'Sign in first: the token is missing, expired or invalid'));
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
