import { describe, it, expect } from '@jest/globals';
import { decodeCallback, encodeCallback, type WorkerCallback } from './callback-data.js';

describe('worker callback data', () => {
  const samples: WorkerCallback[] = [
    { nonce: 'ab12cd', step: 'choose_project', action: { action: 'project', id: 2147483647 } },
    { nonce: 'ab12cd', step: 'choose_stage', action: { action: 'stage', id: 0 } },
    { nonce: 'ab12cd', step: 'category', action: { action: 'category', index: 4 } },
    { nonce: 'ab12cd', step: 'progress', action: { action: 'progress', pct: 100 } },
    { nonce: 'ab12cd', step: 'media', action: { action: 'done' } },
    { nonce: 'ab12cd', step: 'confirm', action: { action: 'cancel' } },
  ];
  it.each(samples)('round-trips %j within 64 bytes', (sample) => {
    const data = encodeCallback(sample);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data.startsWith('w1:')).toBe(true);
    expect(decodeCallback(data)).toEqual(sample);
  });

  it.each([
    undefined,
    '',
    'w2:ab12cd:p:p:5',
    'w1:ab12cd:p:p',
    'w1:ab12cd:p:p:-5',
    'w1:ab12cd:p:p:0',
    'w1:ab12cd:p:p:5:6',
    'w1:AB!:p:p:5',
    'w1:ab12cd:z:p:5',
    'w1:ab12cd:g:g:101',
    'w1:ab12cd:m:d:1',
    'w1:ab12cd:p:p:99999999999',
    `w1:ab12cd:p:p:${'1'.repeat(70)}`,
    'lead:42',
  ])('refuses %p', (data) => {
    expect(decodeCallback(data)).toBeNull();
  });
});
