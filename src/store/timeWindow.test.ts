import { describe, expect, it } from 'vitest';
import {
  clampWindow,
  dayWindow,
  hourText,
  MIN_WINDOW_HOURS,
  panWindow,
  timeTicks,
  windowShowing,
  zoomWindow,
} from './timeWindow';

describe('time window', () => {
  it('is the whole run when none is set, and stays inside the run', () => {
    expect(clampWindow(null, 720)).toEqual({ from: 0, to: 720 });
    expect(clampWindow({ from: -50, to: 10 }, 720)).toEqual({ from: 0, to: 60 });
    expect(clampWindow({ from: 700, to: 760 }, 720)).toEqual({ from: 660, to: 720 });
    expect(clampWindow({ from: 10, to: 11 }, 720).to - 10).toBe(MIN_WINDOW_HOURS);
  });

  it('zooms around the hour under the pointer', () => {
    const w = zoomWindow({ from: 0, to: 720 }, 720, 0.5, 180);
    expect(w.to - w.from).toBe(360);
    // 180 was a quarter in; it still is.
    expect((180 - w.from) / (w.to - w.from)).toBeCloseTo(0.25, 2);
    expect(zoomWindow({ from: 0, to: 720 }, 720, 4)).toEqual({ from: 0, to: 720 });
    expect(zoomWindow({ from: 100, to: 108 }, 720, 0.1).to - 100).toBeGreaterThanOrEqual(6);
  });

  it('pans without changing the width and stops at either end', () => {
    expect(panWindow({ from: 24, to: 48 }, 720, 24)).toEqual({ from: 48, to: 72 });
    expect(panWindow({ from: 24, to: 48 }, 720, -100)).toEqual({ from: 0, to: 24 });
    expect(panWindow({ from: 690, to: 714 }, 720, 100)).toEqual({ from: 696, to: 720 });
  });

  it('finds the day of an hour and follows a picked hour out of view', () => {
    expect(dayWindow(383, 720)).toEqual({ from: 360, to: 384 });
    expect(windowShowing({ from: 0, to: 24 }, 720, 30)).toEqual({ from: 7, to: 31 });
    expect(windowShowing({ from: 24, to: 48 }, 720, 3)).toEqual({ from: 3, to: 27 });
    const w = { from: 0, to: 24 };
    expect(windowShowing(w, 720, 5)).toBe(w);
  });
});

describe('time labels', () => {
  it('names an hour by its day (from 1, as the status bar) and hour of day', () => {
    expect(hourText(0)).toBe('day 1, 00:00');
    expect(hourText(15 * 24 + 14)).toBe('day 16, 14:00');
  });

  it('ticks whole days across a run and hours inside a day', () => {
    const run = timeTicks({ from: 0, to: 720 });
    expect(run.length).toBeLessThanOrEqual(9);
    expect(run.every((t) => t.value % 24 === 0 && /^day \d+$/.test(t.label))).toBe(true);
    const day = timeTicks({ from: 360, to: 384 });
    expect(day.map((t) => t.label)).toEqual([
      'day 16',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
      '15:00',
      '18:00',
      '21:00',
      'day 17',
    ]);
  });
});
