import { z } from 'zod';
import { WORK_TYPES, PROPERTY_TYPES } from '@crm/contracts';
import { normalizePhone } from '../phone.js';
import { normaliseArea, scaleAmount } from './amounts.js';
import type { LeadFields } from './extract.js';

// What the model must answer, validated before anything is written. Unknown values are null; a value
// that cannot be read exactly (an area with 5 decimals, a phone that is not a phone) fails validation
// so the answer is repaired or replaced, never stored as is.

const nullable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? null);

const area = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? String(Math.round(value * 100) / 100) : value.trim();
  const area = normaliseArea(text);
  if (!area) ctx.addIssue({ code: 'custom', message: 'area_m2 must be a positive number of square metres' });
  return area ?? z.NEVER;
});

const amount = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const text = typeof value === 'number' ? (Number.isSafeInteger(Math.round(value * 100)) ? value.toFixed(2) : 'NaN') : value.trim();
  const exact = scaleAmount(text);
  if (!exact || exact.length > 15) ctx.addIssue({ code: 'custom', message: 'budget.amount must be a non-negative amount' });
  return exact && exact.length <= 15 ? exact : z.NEVER;
});

// A phone the model copied from the conversation is read in the organization's country when it has no country code.
const phoneIn = (country: string) =>
  z.string().transform((value, ctx) => {
    const e164 = normalizePhone(value, country);
    if (!e164) ctx.addIssue({ code: 'custom', message: 'phone must be a phone number' });
    return e164 ?? z.NEVER;
  });

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => v || null);

/** The model's answer, with phones read in this country (ISO 3166 alpha-2) when typed without a code. */
const modelOutputSchemaFor = (country = 'RU') =>
  z.object({
    reply: z.string().trim().min(1).max(2000),
    lead: z.object({
      work_type: nullable(z.enum(WORK_TYPES)),
      area_m2: nullable(area),
      rooms: nullable(z.number().int().min(0).max(20)),
      budget: nullable(
        z.object({
          amount: nullable(amount),
          currency: nullable(
            z
              .string()
              .trim()
              .toUpperCase()
              .regex(/^[A-Z]{3}$/),
          ),
        }),
      ),
      timing: nullable(text(200)),
      property_type: nullable(z.enum(PROPERTY_TYPES)),
      address: nullable(text(300)),
      phone: nullable(phoneIn(country)),
    }),
    hotness: z.object({ score: z.number().min(0).max(100).transform(Math.round), reasons: z.array(z.string().max(300)).max(10) }),
    wants_human: z.boolean(),
  });

export type ModelOutput = z.output<ReturnType<typeof modelOutputSchemaFor>>;

/** Parses the model's text as JSON (tolerating a ```json fence) and validates it. */
export function parseModelOutput(content: string | null | undefined, country = 'RU'): { ok: true; value: ModelOutput } | { ok: false; error: string } {
  if (!content) return { ok: false, error: 'empty answer' };
  const unfenced = content
    .trim()
    .replace(/^```(?:json)?\s*/i, '')
    .replace(/\s*```$/, '');
  let json: unknown;
  try {
    json = JSON.parse(unfenced);
  } catch (error) {
    return { ok: false, error: `not JSON: ${(error as Error).message}` };
  }
  const result = modelOutputSchemaFor(country).safeParse(json);
  if (!result.success) {
    return { ok: false, error: result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ') };
  }
  return { ok: true, value: result.data };
}

/** The model's lead fields as LeadFields; a budget needs an amount, its currency defaults to the organization's. */
export function toLeadFields(lead: ModelOutput['lead'], currency: string): LeadFields {
  const fields: LeadFields = {};
  if (lead.work_type) fields.work_type = lead.work_type;
  if (lead.area_m2) fields.area_m2 = lead.area_m2;
  if (lead.rooms !== null) fields.rooms = lead.rooms;
  if (lead.budget?.amount) fields.budget = { amount: lead.budget.amount, currency: lead.budget.currency ?? currency };
  if (lead.timing) fields.timing = lead.timing;
  if (lead.property_type) fields.property_type = lead.property_type;
  if (lead.address) fields.address = lead.address;
  if (lead.phone) fields.phone = lead.phone;
  return fields;
}

export const OUTPUT_SHAPE = `{
  "reply": "the next message to the lead",
  "lead": {
    "work_type": "apartment" | "bathroom" | "kitchen" | "cosmetic" | "capital" | "design" | "other" | null,
    "area_m2": number | null,
    "rooms": integer | null,
    "budget": { "amount": number | null, "currency": "ISO 4217 code" | null } | null,
    "timing": string | null,
    "property_type": "new_build" | "secondary" | null,
    "address": string | null,
    "phone": string | null
  },
  "hotness": { "score": 0-100, "reasons": [string] },
  "wants_human": boolean
}`;
