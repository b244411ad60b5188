import { describe, expect, it } from '@jest/globals';
import { parseMeasurementText } from './parse.js';

describe('measurement text', () => {
  it('reads a room per line with ru and en decimal marks and separators', () => {
    const parsed = parseMeasurementText('кухня 3.2 x 4.1 x 2.7\nСпальня: 3,5 х 4,05 х 2,70\nBathroom 2.1 × 1.8\nhall 1,5 на 6\nLiving room 5 by 4 by 2.8 m');
    expect(parsed.rooms).toEqual([
      { name: 'кухня', length: '3.2', width: '4.1', height: '2.7' },
      { name: 'Спальня', length: '3.5', width: '4.05', height: '2.7' },
      { name: 'Bathroom', length: '2.1', width: '1.8', height: null },
      { name: 'hall', length: '1.5', width: '6', height: null },
      { name: 'Living room', length: '5', width: '4', height: '2.8' },
    ]);
    expect(parsed.notes).toEqual([]);
  });

  it('keeps other lines as notes and refuses zero or absurd measures', () => {
    const parsed = parseMeasurementText('Окно 1,2 на 1,5 — два шт.\nstairs 0 x 3\nyard 300 x 20\n\n3,1x2,9\nstrong smell of damp');
    expect(parsed.rooms).toEqual([{ name: '', length: '3.1', width: '2.9', height: null }]);
    expect(parsed.notes).toEqual(['Окно 1,2 на 1,5 — два шт.', 'stairs 0 x 3', 'yard 300 x 20', 'strong smell of damp']);
  });
});
