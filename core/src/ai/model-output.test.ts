import { describe, expect, it } from '@jest/globals';
import { parseModelOutput } from './model-output.js';

const answer = (phone: string) =>
  JSON.stringify({
    reply: 'Thanks!',
    lead: { work_type: null, area_m2: null, rooms: null, budget: null, timing: null, property_type: null, address: null, phone },
    hotness: { score: 40, reasons: [] },
    wants_human: false,
  });

describe('the model’s answer', () => {
  it('reads a phone typed without a country code in the organization’s country', () => {
    const gb = parseModelOutput(answer('07911 123456'), 'GB');
    expect(gb.ok && gb.value.lead.phone).toBe('+447911123456');
    const by = parseModelOutput(answer('8 029 123-45-67'), 'BY');
    expect(by.ok && by.value.lead.phone).toBe('+375291234567');
    const ru = parseModelOutput(answer('8 900 123-45-67'));
    expect(ru.ok && ru.value.lead.phone).toBe('+79001234567');
    // An international number stays what it is whatever the country.
    const intl = parseModelOutput(answer('+44 7911 123456'), 'RU');
    expect(intl.ok && intl.value.lead.phone).toBe('+447911123456');
  });
});
