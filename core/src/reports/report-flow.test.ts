import { describe, it, expect } from '@jest/globals';
import { readReportDraft, reduceReport, startReport, parseProgress, type ReportDraft, type ReportEvent } from './report-flow.js';

const photo = (n: number) => ({ type: 'photo' as const, file_id: `f${n}`, file_unique_id: `u${n}` });

function run(events: ReportEvent[], from: ReportDraft = startReport()) {
  let state: ReportDraft | null = from;
  const outcomes = [];
  for (const event of events) {
    if (!state) throw new Error('flow ended early');
    const t = reduceReport(state, event);
    outcomes.push(t.outcome);
    state = t.state;
  }
  return { state, outcomes };
}

describe('report flow', () => {
  it('keeps every note sent after the note step: texts joined, a second voice with the media', () => {
    const voice = (n: number) => ({ type: 'voice' as const, file_id: `v${n}`, duration: n });
    const { state, outcomes } = run([
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 3 },
      { type: 'media', items: [photo(1)] },
      { type: 'media_done' },
      { type: 'text', text: 'Tiles laid in the bathroom' },
      { type: 'text', text: 'Need more grout tomorrow' },
      { type: 'voice', voice: voice(1) },
      { type: 'voice', voice: voice(2) },
      { type: 'text', text: '150' },
      { type: 'text', text: '70%' },
      { type: 'text', text: 'Client asked about the mirror' },
    ]);
    expect(outcomes.slice(5).map((o) => o.kind)).toEqual(['note_added', 'note_added', 'note_added', 'hint', 'ask', 'note_added']);
    expect(state).toMatchObject({
      step: 'confirm',
      progress_pct: 70,
      voice: { file_id: 'v1' },
      text: 'Tiles laid in the bathroom\n\nNeed more grout tomorrow\n\nClient asked about the mirror',
    });
    expect(state!.media.map((m) => m.file_id)).toEqual(['f1', 'v2']);
  });

  it('walks project → stage → album → voice → progress → confirm, and survives a JSON round trip', () => {
    const { state, outcomes } = run([
      { type: 'project', project_id: 7 },
      { type: 'stage', stage_id: 3 },
      { type: 'media', items: [photo(1)], media_group_id: 'g1' },
      { type: 'media', items: [photo(2)], media_group_id: 'g1' },
      { type: 'media', items: [{ type: 'video', file_id: 'v', file_unique_id: 'uv' }] },
      { type: 'media_done' },
      { type: 'voice', voice: { type: 'voice', file_id: 'vo', duration: 5 } },
      { type: 'text', text: '60 %' },
    ]);
    expect(outcomes.map((o) => o.kind)).toEqual(['ask', 'ask', 'media_added', 'media_added', 'media_added', 'ask', 'ask', 'ask']);
    expect(outcomes[3]).toEqual({ kind: 'media_added', count: 2, silent: true });
    expect(outcomes[2]).toEqual({ kind: 'media_added', count: 1, silent: false });
    const restored = readReportDraft(JSON.parse(JSON.stringify(state)));
    expect(restored).toEqual(state);
    expect(restored).toMatchObject({ step: 'confirm', project_id: 7, stage_id: 3, progress_pct: 60, voice: { file_id: 'vo' } });
    expect(restored?.media).toHaveLength(3);
    expect(reduceReport(restored!, { type: 'confirm' }).outcome).toEqual({ kind: 'submit' });
  });

  it('Back goes one step back from every step, and from the first step leaves the flow', () => {
    const { state } = run([
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 2 },
      { type: 'media', items: [photo(1)] },
      { type: 'media_done' },
      { type: 'text', text: 'plaster done' },
      { type: 'skip' },
    ]);
    expect(state?.step).toBe('confirm');
    const steps: string[] = [];
    let s: ReportDraft | null = state;
    while (s) {
      const t = reduceReport(s, { type: 'back' });
      steps.push(t.outcome.kind === 'ask' ? t.outcome.step : t.outcome.kind);
      s = t.state;
    }
    expect(steps).toEqual(['progress', 'note', 'media', 'choose_stage', 'choose_project', 'cancelled']);
  });

  it('Back to the media step keeps the photos; back to the project forgets everything', () => {
    const { state } = run([
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 2 },
      { type: 'media', items: [photo(1)] },
      { type: 'media_done' },
      { type: 'back' },
    ]);
    expect(state).toMatchObject({ step: 'media', media: [photo(1)] });
    expect(run([{ type: 'back' }, { type: 'back' }], state!).state).toEqual(startReport());
  });

  it('Cancel ends the flow from every step', () => {
    const path: ReportEvent[] = [
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: null },
      { type: 'media', items: [photo(1)] },
      { type: 'media_done' },
      { type: 'text', text: 'x' },
      { type: 'progress', pct: 100 },
    ];
    for (let i = 0; i <= path.length; i++) {
      const { state } = run(path.slice(0, i));
      expect(reduceReport(state!, { type: 'cancel' })).toEqual({ state: null, outcome: { kind: 'cancelled' } });
    }
  });

  it('answers unexpected input with a hint and keeps the state', () => {
    const start = startReport();
    expect(reduceReport(start, { type: 'text', text: 'hello' })).toEqual({
      state: start,
      outcome: { kind: 'hint', step: 'choose_project', reason: 'unexpected' },
    });
    const media = run([
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 2 },
    ]).state!;
    expect(reduceReport(media, { type: 'media_done' }).outcome).toMatchObject({ kind: 'hint', reason: 'need_media' });
    expect(reduceReport(media, { type: 'project', project_id: 9 }).outcome).toMatchObject({ kind: 'hint', reason: 'unexpected' });
    const progress = run([{ type: 'media', items: [photo(1)] }, { type: 'media_done' }, { type: 'text', text: 'ok' }], media).state!;
    expect(reduceReport(progress, { type: 'text', text: '150' }).outcome).toMatchObject({ kind: 'hint', reason: 'bad_progress' });
  });

  it('ignores a photo sent twice and rejects corrupt persisted state', () => {
    const media = run([
      { type: 'project', project_id: 1 },
      { type: 'stage', stage_id: 2 },
      { type: 'media', items: [photo(1)] },
      { type: 'media', items: [photo(1)] },
    ]).state!;
    expect(media.media).toHaveLength(1);
    expect(readReportDraft({ flow: 'report', step: 'nowhere' })).toBeNull();
    expect(readReportDraft({ flow: 'expense' })).toBeNull();
  });

  it('parses progress percentages', () => {
    expect([parseProgress('75'), parseProgress(' 80 % '), parseProgress('0'), parseProgress('101'), parseProgress('half')]).toEqual([75, 80, 0, null, null]);
  });
});
