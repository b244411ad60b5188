import {
  getCountryCallingCode as callingCodeIn,
  isSupportedCountry as supportedIn,
  parsePhoneNumberFromString as parseIn,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/core';
// The full ("max") metadata as a JavaScript module: validation by number type, and no JSON import.
import metadata from 'libphonenumber-js/metadata.max';

const isSupportedCountry = (country: string) => supportedIn(country as CountryCode, metadata);
const getCountryCallingCode = (country: CountryCode) => callingCodeIn(country, metadata);
const parsePhoneNumberFromString = (text: string, options?: { defaultCountry: CountryCode }) =>
  options ? parseIn(text, options, metadata) : parseIn(text, metadata);
import { invalid } from './errors.js';

/** A country whose numbering plan is known (ISO 3166 alpha-2, upper case). */
export const isPhoneCountry = (country: string): boolean => /^[A-Z]{2}$/.test(country) && isSupportedCountry(country);

/**
 * Normalises a phone number to E.164 ("+79001234567") with libphonenumber. A number written without
 * a country code is read in `defaultCountry` (the organization's country): "8 (900) 123-45-67" in
 * Russia, "8 029 123-45-67" in Belarus, "07911 123456" in the UK. Telegram sends contacts without the
 * "+" ("79001234567"), so digits are also tried as an international number; "00" starts an
 * international number as "+" does.
 */
export function normalizePhone(input: string, defaultCountry = 'RU'): string | null {
  const trimmed = input.trim();
  if (!/^[+\d\s()\-.]+$/.test(trimmed) || !/\d/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  const country = (isPhoneCountry(defaultCountry) ? defaultCountry : 'RU') as CountryCode;
  const candidates: Array<PhoneNumber | undefined> = trimmed.startsWith('+')
    ? [parse(`+${digits}`)]
    : digits.startsWith('00')
      ? [parse(`+${digits.slice(2)}`)]
      : // Digits that begin with the country's own calling code are read as international first
        // (Telegram's "4915123456789"), others as national first ("01512 3456789").
        digits.startsWith(getCountryCallingCode(country))
        ? [parse(`+${digits}`), parse(digits, country)]
        : [parse(digits, country), parse(`+${digits}`)];
  const valid = candidates.find((phone) => phone?.isValid());
  return valid ? valid.number : null;
}

function parse(text: string, country?: CountryCode): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country ? { defaultCountry: country } : undefined);
  } catch {
    return undefined;
  }
}

/** normalizePhone for input that must be a phone: a validation error naming the field otherwise. */
export function parsePhone(input: string, field = 'phone', defaultCountry = 'RU'): string {
  const phone = normalizePhone(input, defaultCountry);
  if (!phone) throw invalid({ [field]: 'must be a phone number, e.g. +7 900 123-45-67' }, 'Invalid phone');
  return phone;
}
