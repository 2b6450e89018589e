import { describe, expect, it } from '@jest/globals';
import { PollSchedule } from './poll-schedule.js';

describe('PollSchedule', () => {
  it('looks one interval after the POST, and every interval after, while it knows no run', () => {
    const s = new PollSchedule();
    expect(s.next(0, 1000, false)).toEqual({ waitMs: 1000, quick: false });
    expect(s.next(1000, 1000, false)).toEqual({ waitMs: 1000, quick: false });
  });

  it('looks again soon when a run is still going at the time runs are usually seen finished', () => {
    const s = new PollSchedule();
    for (let i = 0; i < 20; i++) s.record(2000 + i);
    expect(s.usual()).toBe(2002);
    // Polled at 1 s: the next look is the 2 s tick, just before the usual time.
    expect(s.next(1000, 1000, false)).toEqual({ waitMs: 1000, quick: false });
    expect(s.next(1500, 1000, false)).toEqual({ waitMs: 500, quick: false });
    // Polled at 1.2 s with runs usually seen at 1.5 s: a look then, before the 2 s tick.
    const early = new PollSchedule();
    for (let i = 0; i < 20; i++) early.record(1500);
    expect(early.next(1200, 1000, false)).toEqual({ waitMs: 300, quick: false });
    // Still going at 2 s: one quick look a tenth of an interval later, then back on the ticks.
    expect(s.next(2000, 1000, false)).toEqual({ waitMs: 100, quick: true });
    expect(s.next(2010, 1000, false)).toEqual({ waitMs: 100, quick: true });
    expect(s.next(2110, 1000, true)).toEqual({ waitMs: 890, quick: false });
    // An interval shorter than a quick look: the tick comes first.
    expect(s.next(2010, 30, false)).toEqual({ waitMs: 30, quick: true });
  });

  it('takes the usual time from the quick end of the last runs, so slow ones do not delay the look', () => {
    const s = new PollSchedule();
    for (const ms of [30_000, 21_000, 40_000, 25_000, 35_000, 22_000, 38_000, 24_000, 33_000, 20_000])
      s.record(ms);
    expect(s.usual()).toBe(21_000);
    for (let i = 0; i < 100; i++) s.record(5000);
    expect(s.usual()).toBe(5000);
  });
});
