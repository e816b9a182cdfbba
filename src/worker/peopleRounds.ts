/**
 * Rounds that wait for people (issue 14): while anyone has taken a household, each round is
 * decided by the engine (run.begin), opened on chain with a seat per taken household, kept open
 * until every participant submitted or passed or the deadline ran out (a countdown the host can
 * pause), closed, and cleared with the orders read from the chain's events (run.finish). The
 * chain, not the page, carries every order to the auctioneer.
 */
import {
  createScoreKeeper,
  PersonOrderError,
  type PersonOrder,
  type RoundResult,
  type Run,
  type ScoreKeeper,
} from '../engine';
import { personOrderOf, type ChainOrder, type SeatLimits } from '../chain';
import type { PeopleRoundView, PeopleScore, PeopleSeatView } from './protocol';

/** What the rounds need of the chain: the settler's operator calls and the market's events. */
export interface PeopleChain {
  readonly market: string | null;
  openRound(
    round: number,
    priceMin: number,
    priceMax: number,
    seats: readonly SeatLimits[],
    deadline: number,
  ): Promise<unknown>;
  closeRound(round: number): Promise<unknown>;
  readOrders(round: number): Promise<ChainOrder[]>;
  /** Opening takes a deadline (chain seconds, 0 = none) as a fifth argument. */
  setDeadline(round: number, deadline: number): Promise<unknown>;
  /** The households people took from their own wallets (HouseholdTaken events). */
  readTakers(): Promise<ReadonlyMap<number, string>>;
  /** The chain's clock, Unix seconds (chainNowSeconds). */
  chainNow(): Promise<number>;
  /**
   * Publishes the score after `rounds` rounds (the market's postScores), so that each
   * participant's page, which runs no engine, shows its own.
   */
  postScores(rounds: number, scores: readonly PeopleScore[]): Promise<unknown>;
}

/** Default wall time a round stays open for people, per simulated hour. */
export const DEFAULT_ROUND_SECONDS = 20;
/** The deadline setting's bounds, seconds. */
export const ROUND_SECONDS_MIN = 2;
export const ROUND_SECONDS_MAX = 600;

const POLL_MS = 250;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PeopleRounds {
  /** Household -> the account that took it. */
  private readonly takers = new Map<number, string>();
  /** Households whose person let the agent act for the round now open. */
  private readonly passed = new Set<number>();
  private paused = false;
  private seconds = DEFAULT_ROUND_SECONDS;
  private view: PeopleRoundView | null = null;
  private readonly scores: ScoreKeeper;
  /** True between run.begin and run.finish. */
  open = false;

  constructor(
    private readonly run: Run,
    private readonly chain: PeopleChain,
    private readonly onView: (v: PeopleRoundView) => void,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.scores = createScoreKeeper(run);
  }

  get active(): boolean {
    return this.takers.size > 0;
  }

  get participants(): ReadonlyMap<number, string> {
    return this.takers;
  }

  /** The agent acts for `household` from now on (from the next round if one is open). */
  release(household: number): void {
    this.takers.delete(household);
    this.passed.delete(household);
  }

  /**
   * Follows the chain's takes, the one record of who plays: a household taken there (by its own
   * account, which the contract checks; the host's page takes from its wallet as a participant
   * does) joins the participants, one released there leaves. True when anything changed.
   */
  async refreshTakers(): Promise<boolean> {
    const onChain = await this.chain.readTakers();
    let changed = false;
    for (const [i, account] of onChain) {
      if (this.takers.get(i) === account) continue;
      this.takers.set(i, account);
      changed = true;
    }
    for (const i of [...this.takers.keys()]) {
      if (onChain.has(i)) continue;
      this.release(i);
      changed = true;
    }
    return changed;
  }

  /** The agent acts for `household` in the round now open. */
  pass(household: number): void {
    if (this.takers.has(household)) this.passed.add(household);
  }

  setPaused(p: boolean): void {
    this.paused = p;
  }

  /** Wall seconds a round stays open; a refusal says what is allowed (null: set). */
  setSeconds(s: number): string | null {
    if (!Number.isInteger(s) || s < ROUND_SECONDS_MIN || s > ROUND_SECONDS_MAX) {
      return `round deadline: got ${s}; allowed: an integer in [${ROUND_SECONDS_MIN}, ${ROUND_SECONDS_MAX}] seconds`;
    }
    this.seconds = s;
    return null;
  }

  get roundSeconds(): number {
    return this.seconds;
  }

  /** One round with people, from the engine's decision to its clearing. */
  async playRound(): Promise<RoundResult> {
    const run = this.run;
    try {
      await this.refreshTakers();
    } catch {
      // The chain not answering shows when the round opens on it (below): the agents act.
    }
    const open = run.begin();
    this.open = true;
    this.passed.clear();
    const t = open.round;
    const taken = [...this.takers.keys()].sort((a, b) => a - b);
    const seats = taken.map((i) => open.seat(i));
    const seatViews = (submitted: ReadonlySet<number>): PeopleSeatView[] =>
      seats.map((s) => ({
        household: s.household,
        account: this.takers.get(s.household) ?? '',
        batteryWh: s.batteryWh,
        forecastWh: s.forecastWh,
        netWh: s.netWh,
        coinBalance: s.coinBalance,
        moneyBalance: s.moneyBalance,
        maxBuyWh: s.maxBuyWh,
        maxSellWh: s.maxSellWh,
        suggestion: s.suggestion
          ? { side: s.suggestion.side, energyWh: s.suggestion.energyWh, price: s.suggestion.price }
          : null,
        submitted: submitted.has(s.household),
        passed: this.passed.has(s.household),
      }));
    const base = {
      round: t,
      day: open.day,
      hourOfDay: open.hourOfDay,
      market: this.chain.market,
      priceMin: open.params.priceMin,
      priceMax: open.params.priceMax,
      roundSeconds: this.seconds,
    };
    const show = (v: Omit<PeopleRoundView, keyof typeof base | 'score'>): void => {
      this.view = { ...base, ...v, score: this.score() };
      this.onView(this.view);
    };
    let orders: ChainOrder[];
    try {
      show({
        phase: 'opening',
        deadlineAtMs: null,
        remainingMs: this.seconds * 1000,
        paused: this.paused,
        seats: seatViews(new Set()),
        results: [],
        message: null,
      });
      // The deadline goes on chain too: every participant's page counts down to it, and an
      // order after it is refused there (DeadlinePassed) even before the round is closed.
      let chainPaused = this.paused;
      await this.chain.openRound(
        t,
        open.params.priceMin,
        open.params.priceMax,
        seats.map((s) => ({
          household: s.household,
          maxBuyWh: s.maxBuyWh,
          maxSellWh: s.maxSellWh,
        })),
        chainPaused ? 0 : (await this.chain.chainNow()) + this.seconds,
      );
      let remaining = this.seconds * 1000;
      let last = this.now();
      const submitted = new Set<number>();
      for (;;) {
        const now = this.now();
        if (!this.paused) remaining -= now - last;
        last = now;
        if (this.paused !== chainPaused && (this.paused || remaining > 0)) {
          chainPaused = this.paused;
          // Paused: open until closed; resumed: what was left, at least the 2 s the chain needs.
          const left = Math.max(ROUND_SECONDS_MIN, Math.ceil(remaining / 1000));
          await this.chain.setDeadline(t, chainPaused ? 0 : (await this.chain.chainNow()) + left);
        }
        orders = await this.chain.readOrders(t);
        for (const o of orders) submitted.add(o.household);
        const waiting = taken.filter(
          (i) => this.takers.has(i) && !submitted.has(i) && !this.passed.has(i),
        );
        show({
          phase: 'open',
          deadlineAtMs: this.paused ? null : now + Math.max(0, remaining),
          remainingMs: Math.max(0, remaining),
          paused: this.paused,
          seats: seatViews(submitted),
          results: [],
          message: null,
        });
        if (waiting.length === 0 || remaining <= 0) break;
        await sleep(Math.min(POLL_MS, Math.max(1, remaining)));
      }
      await this.chain.closeRound(t);
      // Orders that landed before the close counts too: read them once more, after it.
      orders = await this.chain.readOrders(t);
    } catch (e) {
      // Without the chain's answer nobody's order is known: the agents act for everyone.
      const message = `round ${t} could not be played with people: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}; the agents acted for every household`;
      const r = this.finish([]);
      show({
        phase: 'failed',
        deadlineAtMs: null,
        remainingMs: 0,
        paused: this.paused,
        seats: seatViews(new Set()),
        results: [],
        message,
      });
      return r;
    }
    let people: PersonOrder[] = orders.map(personOrderOf);
    const refused: string[] = [];
    let r: RoundResult | null = null;
    while (!r) {
      try {
        r = this.finish(people);
      } catch (e) {
        // The chain checked every order against the same seat, so this is not expected; an
        // order the engine cannot take is dropped, saying why, and the others still count.
        const k = e instanceof PersonOrderError ? /^people\[(\d+)\]/.exec(e.field) : null;
        if (!k) throw e;
        refused.push((e as Error).message);
        people = people.filter((_, j) => j !== Number(k[1]));
      }
    }
    const submitted = new Set(orders.map((o) => o.household));
    show({
      phase: 'cleared',
      deadlineAtMs: null,
      remainingMs: 0,
      paused: this.paused,
      seats: seatViews(submitted),
      results: r.orders
        .filter((o) => o.person)
        .map((o) => ({
          household: o.agent,
          side: o.side,
          energyWh: o.energyWh,
          price: o.price,
          approvedWh: r.fills[o.id]?.approvedWh ?? 0,
        })),
      message: refused.length > 0 ? `the engine could not take: ${refused.join('; ')}` : null,
    });
    await this.postScores();
    return r;
  }

  private finish(people: readonly PersonOrder[]): RoundResult {
    const r = this.run.finish(people);
    this.open = false;
    return r;
  }

  /** Each participant's money plus coins against the agents' run on the same seed, base units. */
  private score(): readonly PeopleScore[] {
    // Scores compare whole rounds: mid-round the households are half-way through the hour.
    if (this.open) return this.view?.score ?? [];
    return this.scores
      .score(this.takers.keys())
      .map((s) => ({ ...s, account: this.takers.get(s.household) ?? null }));
  }

  /**
   * The cleared round's score on chain: the participants' pages read it there. A failure costs
   * their pages the score of this round only, so the round stands and the view says why.
   */
  private async postScores(): Promise<void> {
    const view = this.view;
    if (!view || view.score.length === 0) return;
    try {
      await this.chain.postScores(this.run.round, view.score);
    } catch (e) {
      const why = `the score after round ${view.round} could not be posted on chain: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
      this.view = { ...view, message: view.message ? `${view.message}; ${why}` : why };
      this.onView(this.view);
    }
  }

  get lastView(): PeopleRoundView | null {
    return this.view;
  }
}
