import { dictionary } from '@zxcvbn-ts/language-common';
import { z } from 'zod';

// ~49,000 passwords seen most often in breaches, as shipped by zxcvbn-ts.
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

const PASSWORD_MIN_LENGTH = 10;

/** What is wrong with a new password, or null. Applies wherever a password is set. */
export function passwordProblem(password: string, email?: string | null): string | null {
  if (password.trim().length === 0) return 'must not be only spaces';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  const normalized = password.trim().toLowerCase();
  if (COMMON.has(normalized)) return 'is too common: choose one that is not on lists of popular passwords';
  const mail = email?.trim().toLowerCase();
  if (mail && (normalized === mail || normalized === mail.split('@')[0])) return 'must not be your email';
  return null;
}

/** A new password: long enough, not blank, not a common one. Pair with `passwordNotEmail` where the email is known. */
export const newPassword = z
  .string()
  .max(200, 'must be at most 200 characters')
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Object-level check that the password is not the email (`.superRefine(passwordNotEmail)`). */
export function passwordNotEmail(value: { password?: string | null; email?: string | null }, ctx: z.RefinementCtx): void {
  if (value.password && value.email && passwordProblem(value.password, value.email) === 'must not be your email') {
    ctx.addIssue({ code: 'custom', path: ['password'], message: 'must not be your email' });
  }
}
