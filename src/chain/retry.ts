/**
 * The one retry rule for every chain call: a transient failure (errors.ts) is retried with
 * backoff, 250 ms doubling to 5 s, until failures have lasted `giveUpAfterMs` in a row (default
 * 2 minutes); then it counts as permanent, with a sentence that says for how long the node
 * failed and why. A permanent failure is never retried.
 */
import { ChainFailure, classifyChainError, type ErrorContext } from './errors';

export interface RetryPolicy {
  /** First wait after a failure, ms; doubles up to maxDelayMs. */
  readonly firstDelayMs: number;
  readonly maxDelayMs: number;
  /** A streak of transient failures longer than this becomes permanent, ms. */
  readonly giveUpAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  firstDelayMs: 250,
  maxDelayMs: 5_000,
  giveUpAfterMs: 120_000,
};

/** A policy with some fields overridden (tests shorten the limit). */
export function retryPolicy(over: Partial<RetryPolicy> = {}): RetryPolicy {
  return { ...DEFAULT_RETRY, ...over };
}

/** Counts a streak of transient failures; says when it has lasted too long. */
export class FailureStreak {
  private since: number | null = null;
  private delay: number;

  constructor(private readonly policy: RetryPolicy) {
    this.delay = policy.firstDelayMs;
  }

  /** After a success: the next failure starts a new streak. */
  reset(): void {
    this.since = null;
    this.delay = this.policy.firstDelayMs;
  }

  /**
   * Records a failure. Returns how long to wait before trying again, or throws the permanent
   * ChainFailure: `f` itself when permanent, or the exhausted form of a transient one.
   */
  next(f: ChainFailure): number {
    if (f.permanent) throw f;
    const now = Date.now();
    this.since ??= now;
    const lasted = now - this.since;
    if (lasted >= this.policy.giveUpAfterMs) {
      throw new ChainFailure(
        'permanent',
        f.code,
        `${f.message}; still failing after ${Math.round(lasted / 1000)} s of retries`,
        { cause: f },
      );
    }
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.policy.maxDelayMs);
    return wait;
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` until it succeeds, retrying transient failures under `policy`; a permanent failure,
 * or a streak of transient ones past the limit, rejects with its ChainFailure. `fn` must be safe
 * to repeat (each caller makes its attempt look at the chain first). `onFailure` hears every
 * failure, transient ones included.
 */
export async function retrying<T>(
  fn: () => Promise<T>,
  opts: ErrorContext & {
    policy: RetryPolicy;
    onFailure?: (f: ChainFailure) => void;
    isClosed?: () => boolean;
  },
): Promise<T> {
  const streak = new FailureStreak(opts.policy);
  for (;;) {
    if (opts.isClosed?.()) {
      throw new ChainFailure('permanent', 'other', `${opts.what}: the settler was closed`);
    }
    try {
      return await fn();
    } catch (e) {
      const f = classifyChainError(e, opts);
      opts.onFailure?.(f);
      await sleep(streak.next(f));
    }
  }
}
