import { describe, expect, it } from '@jest/globals';
import { isStale, serverPosition, withLeadAt, withoutLead, type Lead } from './statuses';

const lead = (id: number, status: Lead['status'], position: number, extra: Partial<Lead> = {}): Lead => {
  const now = new Date().toISOString();
  return {
    id,
    org_id: 1,
    telegram_id: null,
    chat_id: null,
    client_id: null,
    manager_id: null,
    name: `L${id}`,
    username: null,
    phone: null,
    language_code: null,
    status,
    position,
    source: 'manual',
    ai_enabled: true,
    ai_summary: null,
    ai_paused_reason: null,
    work_type: null,
    area_m2: null,
    rooms: null,
    budget_amount: null,
    budget_currency: null,
    timing: null,
    property_type: null,
    address: null,
    hotness: null,
    hotness_reasons: [],
    needs_manager: false,
    unreachable: false,
    lost_reason: null,
    unread_count: 0,
    last_message_at: null,
    last_activity_at: now,
    status_changed_at: now,
    created_at: now,
    updated_at: now,
    ...extra,
  };
};

describe('Kanban positions', () => {
  const columns = {
    new: [lead(1, 'new', 0), lead(2, 'new', 1), lead(3, 'new', 2)],
    qualified: [lead(4, 'qualified', 0), lead(5, 'qualified', 1)],
    won: [] as Lead[],
  };

  it('asks the server for the position of the card the drop lands before, or the end', () => {
    expect(serverPosition(columns.qualified, 0, columns.new[0]!)).toBe(0);
    expect(serverPosition(columns.qualified, 1, columns.new[0]!)).toBe(1);
    expect(serverPosition(columns.qualified, 2, columns.new[0]!)).toBe(2);
    expect(serverPosition(columns.won, 0, columns.new[0]!)).toBe(0);
  });

  it('accounts for the gap a card leaves when it moves down its own column', () => {
    // Card 1 (position 0) dropped at index 2 of its column [2, 3]: it ends last, position 2.
    expect(serverPosition(columns.new, 2, columns.new[0]!)).toBe(2);
    // Dropped at index 1 (before card 3 at position 2): after the gap closes card 3 is at 1.
    expect(serverPosition(columns.new, 1, columns.new[0]!)).toBe(1);
    // Card 3 moved up to the top.
    expect(serverPosition(columns.new, 0, columns.new[2]!)).toBe(0);
  });

  it('uses real positions when a filter hides cards', () => {
    const filtered = { estimate: [lead(7, 'estimate', 3), lead(8, 'estimate', 7)], new: [lead(9, 'new', 4)] };
    expect(serverPosition(filtered.estimate, 1, filtered.new[0]!)).toBe(7);
    expect(serverPosition(filtered.estimate, 2, filtered.new[0]!)).toBe(8);
  });

  it('moves a card between paged columns on screen without touching the loaded pages', () => {
    const from = [[lead(1, 'new', 0), lead(2, 'new', 1)], [lead(3, 'new', 2)]];
    const to = [[lead(4, 'qualified', 0), lead(5, 'qualified', 1)], [lead(6, 'qualified', 2)]];
    expect(withoutLead(from, 2).map((p) => p.map((l) => l.id))).toEqual([[1], [3]]);
    const ids = (pages: Lead[][]) => pages.map((p) => p.map((l) => l.id));
    expect(ids(withLeadAt(to, from[0][0], 0))).toEqual([[1, 4, 5], [6]]);
    expect(ids(withLeadAt(to, from[0][0], 2))).toEqual([
      [4, 5],
      [1, 6],
    ]);
    expect(ids(withLeadAt(to, from[0][0], 3))).toEqual([
      [4, 5],
      [6, 1],
    ]);
    expect(ids(withLeadAt(to, from[0][0], 99))).toEqual([
      [4, 5],
      [6, 1],
    ]);
    expect(ids(withLeadAt([], from[0][0], 0))).toEqual([[1]]);
    expect(ids(to)).toEqual([[4, 5], [6]]);
  });
});

describe('stale leads', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('marks open leads without activity for longer than the organization allows', () => {
    expect(isStale({ status: 'new', last_activity_at: '2026-03-06T12:00:00Z' }, 3, now)).toBe(true);
    expect(isStale({ status: 'new', last_activity_at: '2026-03-08T12:00:00Z' }, 3, now)).toBe(false);
  });
  it('never marks closed leads', () => {
    expect(isStale({ status: 'won', last_activity_at: '2025-01-01T00:00:00Z' }, 3, now)).toBe(false);
    expect(isStale({ status: 'lost', last_activity_at: '2025-01-01T00:00:00Z' }, 3, now)).toBe(false);
  });
});
