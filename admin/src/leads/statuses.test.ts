import { describe, expect, it } from '@jest/globals';
import { applyMove, groupByStatus, isStale, serverPosition, type Lead } from './statuses';

const lead = (id: number, status: Lead['status'], position: number, extra: Partial<Lead> = {}): Lead => ({
  id, name: `L${id}`, username: null, status, position, source: 'manual', budget_amount: null, area_m2: null, work_type: null,
  hotness: null, manager_id: null, ai_enabled: true, unread_count: 0, needs_manager: false, last_activity_at: new Date().toISOString(), ...extra,
});

describe('Kanban positions', () => {
  const columns = groupByStatus([lead(1, 'new', 0), lead(2, 'new', 1), lead(3, 'new', 2), lead(4, 'qualified', 0), lead(5, 'qualified', 1)]);

  it('groups leads by status in position order', () => {
    expect(columns.new.map((l) => l.id)).toEqual([1, 2, 3]);
    expect(columns.qualified.map((l) => l.id)).toEqual([4, 5]);
    expect(columns.won).toEqual([]);
  });

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
    const filtered = groupByStatus([lead(7, 'estimate', 3), lead(8, 'estimate', 7), lead(9, 'new', 4)]);
    expect(serverPosition(filtered.estimate, 1, filtered.new[0]!)).toBe(7);
    expect(serverPosition(filtered.estimate, 2, filtered.new[0]!)).toBe(8);
  });

  it('moves a card on screen without touching the original columns', () => {
    const moved = applyMove(columns, 1, 'qualified', 1);
    expect(moved.new.map((l) => l.id)).toEqual([2, 3]);
    expect(moved.qualified.map((l) => [l.id, l.status])).toEqual([[4, 'qualified'], [1, 'qualified'], [5, 'qualified']]);
    expect(columns.new.map((l) => l.id)).toEqual([1, 2, 3]);
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
