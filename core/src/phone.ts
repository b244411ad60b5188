import { invalid } from './errors.js';

/**
 * Normalises a phone number to E.164 ("+79001234567"). Accepts what people and Telegram send:
 * "8 (900) 123-45-67", "+7 900 123 45 67", "79001234567" (Telegram contacts come without "+"),
 * "00 44 20 7946 0958". A Russian trunk prefix 8 and a bare ten-digit mobile number become +7.
 */
export function normalizePhone(input: string): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s()\-.]+$/.test(trimmed)) return null;
  let digits = trimmed.replace(/\D/g, '');
  const hadPlus = trimmed.startsWith('+');
  if (!hadPlus) {
    if (digits.startsWith('00')) digits = digits.slice(2);
    else if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
    else if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  }
  if (!/^[1-9]\d{6,14}$/.test(digits)) return null;
  if (digits.startsWith('7') && digits.length !== 11) return null;
  return `+${digits}`;
}

/** normalizePhone for input that must be a phone: a validation error naming the field otherwise. */
export function parsePhone(input: string, field = 'phone'): string {
  const phone = normalizePhone(input);
  if (!phone) throw invalid({ [field]: 'must be a phone number, e.g. +7 900 123-45-67' }, 'Invalid phone');
  return phone;
}
