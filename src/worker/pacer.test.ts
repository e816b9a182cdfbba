import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HOLD_POLL_MS, Pacer, type PacedLoop } from './pacer';

/** A test double of a worker's round loop: counts rounds and records what the pacer asked for. */
function fakeLoop(total: number, throwAt = -1) {
  const log: string[] = [];
  let round = 0;
  const loop: PacedLoop = {
    step: () => {
      if (round >= total) return false;
      if (round === throwAt) throw new Error('boom');
      round++;
      return true;
    },
    done: () => round >= total,
    flush: () => log.push(`flush@${round}`),
    afterSlice: (watchable) => log.push(watchable ? 'slice:watchable' : 'slice'),
    onError: (e) => log.push(`error:${(e as Error).message}`),
    onFinished: () => log.push('finished'),
    onPlayingChange: (p) => log.push(p ? 'playing' : 'stopped'),
  };
  return { loop, log, rounds: () => round };
}

describe('Pacer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('at a set speed runs the rounds due by the clock, and posts every slice when watchable', () => {
    const f = fakeLoop(1000);
    const pacer = new Pacer(f.loop, 4);
    pacer.setPlaying(true);
    vi.advanceTimersByTime(2000);
    // 4 rounds per second for 2 s, plus the first round that is due at once.
    expect(f.rounds()).toBeGreaterThanOrEqual(8);
    expect(f.rounds()).toBeLessThanOrEqual(9);
    expect(f.log).toContain('slice:watchable');
    pacer.setPlaying(false);
    const stoppedAt = f.rounds();
    vi.advanceTimersByTime(5000);
    expect(f.rounds()).toBe(stoppedAt);
  });

  it('as fast as possible runs to the end, then flushes, stops and finishes in that order', () => {
    const f = fakeLoop(50);
    const pacer = new Pacer(f.loop, 0);
    pacer.setPlaying(true);
    vi.advanceTimersByTime(1000);
    expect(f.rounds()).toBe(50);
    expect(pacer.isPlaying).toBe(false);
    expect(f.log.slice(-3)).toEqual(['flush@50', 'stopped', 'finished']);
    expect(f.log.filter((l) => l === 'finished')).toHaveLength(1);
  });

  it('a round that throws is reported, flushed and stops the loop', () => {
    const f = fakeLoop(100, 7);
    const pacer = new Pacer(f.loop, 0);
    pacer.setPlaying(true);
    vi.advanceTimersByTime(1000);
    expect(f.rounds()).toBe(7);
    expect(pacer.isPlaying).toBe(false);
    expect(f.log.slice(-3)).toEqual(['error:boom', 'flush@7', 'stopped']);
    expect(f.log).not.toContain('finished');
  });

  it('a new speed restarts the count instead of owing the old rate its rounds', () => {
    const f = fakeLoop(10_000);
    const pacer = new Pacer(f.loop, 1);
    pacer.setPlaying(true);
    vi.advanceTimersByTime(10_000);
    const before = f.rounds();
    pacer.setSpeed(100);
    vi.advanceTimersByTime(1000);
    // About 100 new rounds at the new rate, not 100 * 11 s worth.
    expect(f.rounds() - before).toBeGreaterThanOrEqual(95);
    expect(f.rounds() - before).toBeLessThanOrEqual(105);
  });

  it('while held runs no round, asks again every poll, and resumes without a catch-up burst', () => {
    const f = fakeLoop(100_000);
    let holdAt = 10;
    let asked = 0;
    const pacer = new Pacer(
      {
        ...f.loop,
        held: () => {
          asked++;
          return f.rounds() >= holdAt;
        },
      },
      0,
    );
    pacer.setPlaying(true);
    vi.advanceTimersByTime(1000);
    // Held before the 11th round, at full speed, and still playing (waiting, not paused).
    expect(f.rounds()).toBe(10);
    expect(pacer.isPlaying).toBe(true);
    expect(pacer.isHeld).toBe(true);
    // It asks about once per poll while held, not in a busy loop.
    const before = asked;
    vi.advanceTimersByTime(10 * HOLD_POLL_MS);
    expect(asked - before).toBeGreaterThanOrEqual(8);
    expect(asked - before).toBeLessThanOrEqual(2 * 12);
    expect(f.rounds()).toBe(10);

    // At a set speed, 10 s held then released: about the rounds of one second follow, not 40.
    pacer.setSpeed(4);
    vi.advanceTimersByTime(10_000);
    expect(f.rounds()).toBe(10);
    holdAt = Infinity;
    vi.advanceTimersByTime(1000);
    expect(pacer.isHeld).toBe(false);
    expect(f.rounds() - 10).toBeGreaterThanOrEqual(4);
    expect(f.rounds() - 10).toBeLessThanOrEqual(6);
  });

  it('Pause while held stops the polling; Play asks again', () => {
    const f = fakeLoop(1000);
    let hold = true;
    let asked = 0;
    const pacer = new Pacer(
      {
        ...f.loop,
        held: () => {
          asked++;
          return hold;
        },
      },
      0,
    );
    pacer.setPlaying(true);
    vi.advanceTimersByTime(200);
    pacer.setPlaying(false);
    const n = asked;
    vi.advanceTimersByTime(1000);
    expect(asked).toBe(n);
    expect(pacer.isHeld).toBe(false);
    hold = false;
    pacer.setPlaying(true);
    vi.advanceTimersByTime(1000);
    expect(f.rounds()).toBe(1000);
  });
});
