/// <reference lib="webworker" />
/**
 * The simulation worker: owns the engine, runs rounds at the requested speed, streams compact
 * batches to the page and hands every round to the settlement layer without waiting for it.
 * It keeps no copy of the live parameters: every round carries those it ran under, and what the
 * page is told is in force is what the engine says.
 */
import { endSummary, replayRun, resolveScenario, type ReplayedRun, type Scenario } from '../engine';
import { booksHash } from '../chain';
import { BatchBuilder } from './batchBuilder';
import { ChainBridge } from './chainBridge';
import { chainWork, householdTrades, RoundInspector, roundOnChain } from './inspector';
import { Pacer } from './pacer';
import { DEFAULT_ROUND_SECONDS, PeopleRounds } from './peopleRounds';
import {
  batchTransferables,
  type ChainConfig,
  type MarketEntry,
  type ReplayPlan,
  type StartState,
  type WorkerCommand,
  type WorkerEvent,
} from './protocol';

declare const self: DedicatedWorkerGlobalScope;

/** At full speed: how often to post to the page. */
const POST_EVERY_MS = 80;
/**
 * At full speed, also post once a batch holds this many household-rounds: the page appends a
 * batch in one task, and 80 ms of rounds of 1,000 households made that task pass 50 ms.
 */
const POST_EVERY_HOUSEHOLD_ROUNDS = 25_000;

/** The run in play and what it feeds. */
interface Session {
  /** A fresh run is a replay of no changes: one kind of run either way. */
  run: ReplayedRun;
  /** The replay's plan (null: a fresh run), kept so Reset repeats it. */
  plan: ReplayPlan | null;
  /** The round the run stops at: a replay's last recorded round, else its end. */
  stopAt: number;
  bridge: ChainBridge;
  builder: BatchBuilder;
  inspector: RoundInspector;
  /** Counts runs since the page loaded; every answer about a run carries it. */
  seq: number;
  /** Rounds that wait for people, made at the first take-over (needs the chain ready). */
  people: PeopleRounds | null;
}

let session: Session | null = null;
let runs = 0;
/** Every market opened on the chain since the page (this worker) loaded. */
const markets: Omit<MarketEntry, 'current' | 'holdings'>[] = [];
let chainConfig: ChainConfig | null = null;
let lastPost = 0;
/** The host wants the run to go on (Play): the pacer's, or the people's rounds' while taken. */
let wantPlay = false;
/** A round with people is in play: the pacer waits, and so does any other step. */
let peopleLooping = false;

function post(e: WorkerEvent, transfer: Transferable[] = []): void {
  self.postMessage(e, transfer);
}

function fail(source: 'scenario' | 'params' | 'engine', e: unknown): void {
  post({ type: 'error', source, message: e instanceof Error ? e.message : String(e) });
}

/** A bridge to the chain for a run of `s` (off without a chain configured). */
function openBridge(s: Scenario): ChainBridge {
  const label = `${s.name}, seed ${s.seed}, ${s.households} households, ${s.days} days, ${s.auction}`;
  return new ChainBridge(
    (status) => post({ type: 'chain', status }),
    chainConfig,
    s,
    (address, coin) => {
      markets.push({
        number: markets.length + 1,
        address,
        coin,
        label,
        openedAtMs: performance.now(),
      });
      return markets.length;
    },
  );
}

/**
 * The chain came back after the run started without it: a fresh bridge settles the run, the
 * rounds simulated so far first. The engine is deterministic, so they are recomputed from the
 * run's change log and people's orders instead of being kept while no chain answered.
 */
function connectChain(s: Session): void {
  s.bridge.close();
  s.bridge = openBridge(s.run.scenario);
  const again = replayRun(s.run.scenario, s.run.changes, { people: s.run.people });
  while (again.round < s.run.round) s.bridge.enqueue(again.step());
  s.bridge.emit();
  if (!pacer.isPlaying && s.run.round > 0) s.bridge.verify();
}

function start(s: Scenario, plan: ReplayPlan | null): void {
  session?.bridge.close();
  const engine = replayRun(s, plan?.changes ?? [], { people: plan?.orders ?? [] });
  const bridge = openBridge(s);
  const seq = ++runs;
  session = {
    run: engine,
    plan,
    stopAt: plan ? Math.min(plan.rounds, engine.totalRounds) : engine.totalRounds,
    bridge,
    builder: new BatchBuilder(s.households),
    inspector: new RoundInspector(engine),
    seq,
    people: null,
  };
  wantPlay = false;
  post({
    type: 'ready',
    scenario: s,
    totalRounds: engine.totalRounds,
    liveParams: engine.simulation.liveParams(),
    start: startOf(engine),
    run: seq,
  });
}

/** Where the stopped run stands: its summary and the engine's books hash (docs/RUNFILE.md). */
function postStanding(s: Session): void {
  post({
    type: 'standing',
    standing: {
      run: s.seq,
      rounds: s.run.round,
      engineBooksHash: booksHash(s.run.simulation.households()),
      summary: endSummary(s.run),
      replayEnded: s.plan !== null && !s.run.done && s.run.round >= s.stopAt,
      peopleOrders: s.run.people,
    },
  });
}

/** Past a replay's last recorded round the run goes on as anyone's: to its end. */
function pastStop(s: Session): void {
  if (s.run.round >= s.stopAt) s.stopAt = s.run.totalRounds;
}

function inspect(s: Session, round: number): void {
  const t0 = performance.now();
  try {
    const { explanation, stepped } = s.inspector.explain(round);
    post({
      type: 'inspection',
      run: s.seq,
      round,
      explanation,
      error: null,
      ms: performance.now() - t0,
      stepped,
    });
  } catch (e) {
    post({
      type: 'inspection',
      run: s.seq,
      round,
      explanation: null,
      error: e instanceof Error ? e.message : String(e),
      ms: performance.now() - t0,
      stepped: 0,
    });
  }
}

function startOf(engine: ReplayedRun): StartState {
  const hs = engine.simulation.households();
  const pick = (f: (h: (typeof hs)[number]) => number): Float64Array => Float64Array.from(hs, f);
  return {
    batteryWh: pick((h) => h.batteryWh),
    coinBalance: pick((h) => h.coinBalance),
    moneyBalance: pick((h) => h.moneyBalance),
    loyalty: pick((h) => h.loyalty),
  };
}

function flush(): void {
  if (!session) return;
  const batch = session.builder.take();
  if (batch) post({ type: 'rounds', batch }, batchTransferables(batch));
  session.bridge.emit();
  lastPost = performance.now();
}

function stepOnce(s: Session): boolean {
  if (s.run.done || s.run.round >= s.stopAt) return false;
  const logged = s.run.changes.length;
  const result = s.run.step();
  // The replay made recorded changes before this round: the page records them as the run's.
  for (const change of s.run.changes.slice(logged)) {
    post({
      type: 'liveParams',
      liveParams: s.run.simulation.liveParams(),
      change,
      by: 'replay',
      droppedFromReplay: 0,
    });
  }
  s.builder.add(result, s.run.figures ?? undefined);
  s.bridge.enqueue(result);
  return true;
}

/** The session's rounds with people, made once the chain is ready; null before. */
function peopleOf(s: Session): PeopleRounds | null {
  if (s.people) return s.people;
  const chain = s.bridge.people();
  if (!chain) return null;
  s.people = new PeopleRounds(s.run, chain, (view) => {
    if (session === s) post({ type: 'peopleRound', run: s.seq, view });
  });
  return s.people;
}

function postPeople(s: Session, refused: string | null): void {
  post({
    type: 'people',
    run: s.seq,
    participants: [...(s.people?.participants ?? new Map<number, string>())].map(
      ([household, account]) => ({ household, account }),
    ),
    roundSeconds: s.people?.roundSeconds ?? DEFAULT_ROUND_SECONDS,
    refused,
  });
}

/** Someone took a household: the rounds from the next on wait for people. */
function peopleJoined(s: Session): void {
  // A replay stops where a person takes over (docs/RUNFILE.md); the run goes on as theirs.
  s.run.stopReplay();
  s.stopAt = s.run.totalRounds;
  if (pacer.isPlaying) {
    pacer.setPlaying(false);
    wantPlay = true;
  }
  if (wantPlay) void playWithPeople(s);
}

/** How often the worker looks for households taken on chain from participants' own pages. */
const TAKERS_POLL_MS = 1_000;
let takersPolling = false;

/**
 * Participants on other pages take a household from their own wallets (takeHousehold on the
 * market), so the host learns of them from the chain alone; a round with people refreshes its
 * takers itself, so this only starts the people's rounds (and posts the table) between them.
 */
async function pollTakers(): Promise<void> {
  const s = session;
  if (!s || takersPolling || peopleLooping || s.run.done) return;
  takersPolling = true;
  try {
    await readTakersNow(s);
  } finally {
    takersPolling = false;
  }
}

/**
 * Reads the chain's takers once and acts on a change: someone joined (the rounds wait for
 * people from the next on) or left (a round open now stops waiting for them). The page asks
 * for this right after its own wallet's take or release is mined, even mid-round.
 */
async function readTakersNow(s: Session): Promise<void> {
  const people = peopleOf(s);
  if (!people) return;
  try {
    const changed = await people.refreshTakers();
    if (session !== s || !changed) return;
    if (people.active && !peopleLooping) peopleJoined(s);
    postPeople(s, null);
  } catch {
    // A chain that does not answer is reported by the settler; the next poll asks again.
  }
}
setInterval(() => void pollTakers(), TAKERS_POLL_MS);

/**
 * Plays rounds with people while the host wants them and anyone has a household (or `rounds`
 * of them, for Step); once nobody has, the pacer takes over again.
 */
async function playWithPeople(s: Session, rounds = Infinity): Promise<void> {
  const people = s.people;
  if (peopleLooping || !people) return;
  peopleLooping = true;
  post({ type: 'playing', playing: true });
  let played = 0;
  try {
    while (
      session === s &&
      (wantPlay || played < rounds) &&
      played < rounds &&
      people.active &&
      !s.run.done
    ) {
      const result = await people.playRound();
      played++;
      if (session !== s) return;
      s.builder.add(result, s.run.figures ?? undefined);
      s.bridge.enqueue(result);
      flush();
      postPeople(s, null);
    }
  } catch (e) {
    fail('engine', e);
    wantPlay = false;
  } finally {
    peopleLooping = false;
  }
  if (session !== s) return;
  if (s.run.done) {
    post({ type: 'playing', playing: false });
    pacer.finishIfDone();
    return;
  }
  postStanding(s);
  if (wantPlay && !people.active) pacer.setPlaying(true);
  else post({ type: 'playing', playing: false });
}

const pacer = new Pacer(
  {
    step: () => (session ? stepOnce(session) : false),
    done: () => !session || session.run.done || session.run.round >= session.stopAt,
    flush,
    afterSlice: (watchable) => {
      if (
        watchable ||
        performance.now() - lastPost >= POST_EVERY_MS ||
        (session?.builder.pending ?? 0) * (session?.run.scenario.households ?? 0) >=
          POST_EVERY_HOUSEHOLD_ROUNDS
      )
        flush();
    },
    onError: (e) => fail('engine', e),
    onFinished: () => {
      if (!session) return;
      if (session.run.done) post({ type: 'done', summary: endSummary(session.run) });
      postStanding(session);
      session.bridge.verify();
    },
    onPlayingChange: (playing) => post({ type: 'playing', playing }),
    // The chain at its bound of unconfirmed rounds: the run waits for it (chainBridge.ts).
    held: () => session?.bridge.held ?? false,
  },
  1,
);

function handle(cmd: WorkerCommand): void {
  switch (cmd.type) {
    case 'init': {
      pacer.setPlaying(false);
      chainConfig = cmd.chain;
      try {
        start(resolveScenario(cmd.scenario), cmd.replay ?? null);
      } catch (e) {
        fail('scenario', e);
      }
      return;
    }
    case 'connectChain': {
      chainConfig = cmd.chain;
      if (session) connectChain(session);
      return;
    }
    case 'reset': {
      pacer.setPlaying(false);
      if (session) start(session.run.scenario, session.plan);
      return;
    }
    case 'play':
      if (session && !session.run.done) {
        pastStop(session);
        wantPlay = true;
        session.people?.setPaused(false);
        if (session.people?.active) void playWithPeople(session);
        else pacer.setPlaying(true);
      }
      return;
    case 'pause':
      wantPlay = false;
      // A round open for people keeps its orders; its countdown stops until Play.
      session?.people?.setPaused(true);
      pacer.setPlaying(false);
      flush();
      if (session) postStanding(session);
      session?.bridge.verify();
      return;
    case 'step': {
      if (!session || pacer.isPlaying || peopleLooping) return;
      pastStop(session);
      if (session.people?.active) {
        void playWithPeople(session, 1);
        return;
      }
      try {
        stepOnce(session);
      } catch (e) {
        fail('engine', e);
      }
      if (!pacer.finishIfDone()) {
        flush();
        postStanding(session);
      }
      return;
    }
    case 'setSpeed':
      pacer.setSpeed(cmd.roundsPerSecond);
      return;
    case 'setLiveParams': {
      if (!session) return;
      const run = session.run;
      if (session.people?.open) {
        fail('params', new Error('a round is open for people: move the sliders once it closes'));
        post({
          type: 'liveParams',
          liveParams: run.simulation.liveParams(),
          change: null,
          by: 'person',
          droppedFromReplay: 0,
        });
        return;
      }
      const logged = run.changes.length;
      // A person's move takes over a replay: the recorded changes still ahead could contradict
      // it, and the run goes on as theirs, to its end.
      const dropped = run.replaying ? run.stopReplay() : 0;
      if (session.plan) session.stopAt = run.totalRounds;
      try {
        // Through the run, which logs the change: one log for replays and for the run file.
        run.setLiveParams(cmd.params);
      } catch (e) {
        fail('params', e);
      }
      // What the engine will run the next round under (unchanged after a refusal, so the
      // page's controls snap back), and the log's new entry.
      post({
        type: 'liveParams',
        liveParams: run.simulation.liveParams(),
        change: run.changes.length > logged ? (run.changes.at(-1) ?? null) : null,
        by: 'person',
        droppedFromReplay: dropped,
      });
      return;
    }
    case 'inspect':
      if (session) inspect(session, cmd.round);
      return;
    case 'inspectRows': {
      const s = session;
      if (!s) return;
      try {
        const page = s.inspector.rows(cmd.round, cmd.table, cmd.offset);
        post({ type: 'inspectionRows', run: s.seq, round: cmd.round, table: cmd.table, page });
      } catch (e) {
        fail('engine', e);
      }
      return;
    }
    case 'readTakers':
      if (session && !session.run.done) void readTakersNow(session);
      return;
    case 'passRound':
      session?.people?.pass(cmd.household);
      return;
    case 'setRoundSeconds': {
      const s = session;
      if (!s) return;
      const people = peopleOf(s);
      const refused = people
        ? people.setSeconds(cmd.seconds)
        : 'rounds with people need the chain: it is not ready';
      postPeople(s, refused);
      return;
    }
    case 'inspectChain': {
      const s = session;
      if (!s) return;
      void roundOnChain(chainConfig, s.bridge.market, s.bridge.confirmed, cmd.round, () =>
        s.inspector.round(cmd.round),
      ).then((onChain) => post({ type: 'roundOnChain', run: s.seq, round: cmd.round, onChain }));
      return;
    }
    case 'chainWork': {
      const s = session;
      void chainWork(chainConfig, s?.bridge.market ?? null, markets).then((work) =>
        post({ type: 'chainWork', run: s?.seq ?? 0, work }),
      );
      return;
    }
    case 'householdTrades': {
      const s = session;
      if (!s) return;
      const market = s.bridge.market;
      void householdTrades(chainConfig, market, cmd.household).then(({ trades, error }) =>
        post({
          type: 'householdTrades',
          run: s.seq,
          household: cmd.household,
          market,
          trades,
          error,
        }),
      );
      return;
    }
  }
}

self.onmessage = (ev: MessageEvent<WorkerCommand>) => handle(ev.data);
