/**
 * Paces a worker's round loop. At a set speed it runs the rounds that are due by the clock; as
 * fast as possible (speed 0) it computes in short slices and yields between them, so the worker
 * still hears pause and slider commands in the middle of a run. The dashboard's worker and the
 * comparison worker both play through one of these.
 */

/** At full speed: how long to compute before yielding to the worker's message queue. */
const SLICE_MS = 12;
/** At or below this many rounds per second every slice is posted (a watchable speed). */
const WATCHABLE_RPS = 20;
/** While the loop is held: how often to ask again whether it may go on. */
export const HOLD_POLL_MS = 25;

export interface PacedLoop {
  /** Runs one round; false when there is none to run. */
  step(): boolean;
  /** True once the run has no rounds left. */
  done(): boolean;
  /** Posts what is pending to the page. */
  flush(): void;
  /** After a slice that did not end the run; `watchable` at slow speeds. */
  afterSlice(watchable: boolean): void;
  /** A round threw; the pacer flushes and stops after this. */
  onError(e: unknown): void;
  /** The last round ran; called after the final flush and stop. */
  onFinished(): void;
  onPlayingChange(playing: boolean): void;
  /**
   * True while the loop must wait for something outside it (the chain too far behind): no round
   * runs until it is false again. Asked before every round; absent means never held.
   */
  held?(): boolean;
}

export class Pacer {
  private playing = false;
  private roundsPerSecond: number;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private startedAt = 0;
  private roundsSinceStart = 0;
  /** The last tick stopped because the loop was held. */
  private wasHeld = false;

  constructor(
    private readonly loop: PacedLoop,
    roundsPerSecond: number,
  ) {
    this.roundsPerSecond = roundsPerSecond;
  }

  get isPlaying(): boolean {
    return this.playing;
  }

  /** True while playing but waiting because the loop is held. */
  get isHeld(): boolean {
    return this.playing && this.wasHeld;
  }

  setPlaying(p: boolean): void {
    if (this.playing === p) return;
    this.playing = p;
    this.wasHeld = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (p) {
      this.restartClock();
      this.timer = setTimeout(() => this.tick(), 0);
    }
    this.loop.onPlayingChange(p);
  }

  /** Rounds per second; 0 (or anything not finite) runs as fast as possible. */
  setSpeed(roundsPerSecond: number): void {
    this.roundsPerSecond = Number.isFinite(roundsPerSecond) ? roundsPerSecond : 0;
    this.restartClock();
  }

  /** Stops if the run is over, with the final flush first; true when it was over. */
  finishIfDone(): boolean {
    if (!this.loop.done()) return false;
    this.loop.flush();
    this.setPlaying(false);
    this.loop.onFinished();
    return true;
  }

  // A speed change restarts the count, so a new rate does not owe the rounds of the old one.
  private restartClock(): void {
    this.startedAt = performance.now();
    this.roundsSinceStart = 0;
  }

  private tick(): void {
    this.timer = null;
    if (!this.playing) return;
    const rps = this.roundsPerSecond;
    // Asked before every round; `holding` keeps the last answer for after the slice.
    let holding = false;
    const held = (): boolean => (holding = this.loop.held?.() ?? false);
    // Time spent held is not owed: the clock starts again once the loop may go on, so a wait is
    // not followed by a burst of the rounds it would have run.
    if (this.wasHeld) {
      if (held()) {
        this.timer = setTimeout(() => this.tick(), HOLD_POLL_MS);
        return;
      }
      this.wasHeld = false;
      this.restartClock();
    }
    try {
      const now = performance.now();
      if (rps <= 0) {
        while (performance.now() - now < SLICE_MS && !held() && this.loop.step())
          this.roundsSinceStart++;
      } else {
        const due = Math.floor(((now - this.startedAt) * rps) / 1000) + 1;
        while (this.roundsSinceStart < due && !held() && this.loop.step()) this.roundsSinceStart++;
      }
    } catch (e) {
      this.loop.onError(e);
      this.loop.flush();
      this.setPlaying(false);
      return;
    }
    if (this.finishIfDone()) return;
    this.loop.afterSlice(rps > 0 && rps <= WATCHABLE_RPS);
    if (holding) {
      // The page sees every round simulated before the wait, not those of the last 80 ms less.
      this.loop.flush();
      this.wasHeld = true;
      this.timer = setTimeout(() => this.tick(), HOLD_POLL_MS);
      return;
    }
    const wait = rps <= 0 ? 0 : Math.max(1, Math.min(50, 1000 / rps));
    this.timer = setTimeout(() => this.tick(), wait);
  }
}
