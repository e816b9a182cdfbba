import { create } from 'zustand';
import { engineNote, parseRunFile } from '../engine';
import type {
  EndSummary,
  LiveChange,
  LiveParams,
  PersonOrder,
  RunFile,
  Scenario,
  ScenarioInput,
} from '../engine';
import type { TradeOnChain } from '../chain';
import type {
  ChainStatus,
  ChainWork,
  InspectedRound,
  InspectRow,
  InspectTable,
  PeopleRoundView,
  ReplayPlan,
  RoundOnChain,
  RowsPage,
  Standing,
  WorkerEvent,
} from '../worker/protocol';
import { loadDeployment, RETRY_CHAIN_MS, type DeploymentResult } from './deployment';
import { History } from './history';
import { openedOfFile, runFileOf, syncLink, type OpenedRun } from './runRecord';
import { useDashboardTime } from './timeView';
import { createWorkerClient, type WorkerClient } from './workerClient';
import { throttled } from './throttle';

export interface SimError {
  readonly source: 'scenario' | 'params' | 'engine';
  readonly message: string;
}

/** The round inspector's view of the worker's answers (src/ui/inspector). */
export interface Inspection {
  /** The round asked for last (null: none). */
  readonly asked: number | null;
  /** The last answer: its round, the explanation or why there is none, what it cost the worker. */
  readonly round: number | null;
  readonly explanation: InspectedRound | null;
  /**
   * Pages of its tables asked for since (paged past the first), by table; a table not here shows
   * the explanation's first page.
   */
  readonly pages: Partial<Record<InspectTable, RowsPage<InspectRow>>>;
  readonly error: string | null;
  readonly ms: number;
  readonly stepped: number;
  /** That round as the chain recorded it (null until read). */
  readonly onChain: RoundOnChain | null;
}

/** A household's trades as the market's events record them. */
export interface HouseholdTrades {
  readonly household: number;
  readonly market: string | null;
  readonly trades: readonly TradeOnChain[];
  readonly error: string | null;
}

export interface SimState {
  scenarioInput: ScenarioInput;
  scenario: Scenario | null;
  totalRounds: number;
  /** The live parameters the engine will run the next round under, as the worker reported. */
  live: LiveParams | null;
  /** Changes sent to the worker and not yet confirmed, shown over `live` meanwhile. */
  pendingLive: Partial<LiveParams>;
  history: History;
  /** Bumped on every history change; charts select it to redraw. */
  version: number;
  playing: boolean;
  done: boolean;
  /** What the run came to, from the worker once it ended (null before). */
  summary: EndSummary | null;
  /** Rounds per second; 0 = as fast as possible. */
  speed: number;
  deployment: DeploymentResult | null;
  chain: ChainStatus;
  error: SimError | null;
  selectedHousehold: number;
  /** Draw a faint line for every household under the aggregates (small neighbourhoods only). */
  everyHousehold: boolean;
  /** The worker's count of runs since the page loaded: the current run's. */
  run: number;
  inspection: Inspection;
  /** The chain's work as last read (null before the first read). */
  chainWork: ChainWork | null;
  /** Household pages' trade lists as last read, by household. */
  householdTrades: Readonly<Record<number, HouseholdTrades>>;
  /** The run's change log as the engine recorded it (each accepted change and its first round). */
  changes: readonly LiveChange[];
  /** The run file or link the run replays (null: a fresh run). */
  opened: OpenedRun | null;
  /** Where the run stood at its last stop (summary, engine books hash); null while never stopped. */
  standing: Standing | null;
  /** Said once a person's move took over a replay (what was dropped). */
  replayNote: string | null;
  /** What became of the last run file opened (its name and what was refused, or replayed). */
  loadNote: { readonly ok: boolean; readonly text: string } | null;
  /** The round people play now, as the worker last showed it (null: none yet this run). */
  peopleRound: PeopleRoundView | null;
  /**
   * People's orders of the run so far, in round order, for the run file: an opened file's, then
   * each people's round as it clears, and the worker's own list at every stop (the standing).
   */
  peopleOrders: readonly PersonOrder[];
  /** Who took which household (as the chain holds it), the round deadline, why a setting was refused. */
  people: {
    readonly participants: readonly { readonly household: number; readonly account: string }[];
    readonly roundSeconds: number;
    readonly refused: string | null;
  };
  /**
   * The connected wallet's takeHousehold or releaseHousehold was mined: the worker reads the
   * chain's takers now (issue 14; the chain, not the page, records who plays).
   */
  takersChanged(): void;
  /** The agent acts for `household` in the round now open. */
  passRound(household: number): void;
  setRoundSeconds(seconds: number): void;

  /**
   * Loads the deployment and starts the worker with `input`, unless the dashboard already booted
   * (it is then left as it is).
   */
  bootOnce(input: ScenarioInput, opened?: OpenedRun | null): void;
  applyScenario(input: ScenarioInput): void;
  /** Replays a run file (or a link's run): its scenario, its changes at their rounds. */
  openRun(opened: OpenedRun): void;
  /** Reads a run file's text (named `name`) and replays it, or says in loadNote why not. */
  openRunFile(name: string, text: string): void;
  /** The run file of the run so far (null before the worker is ready). */
  runFile(): RunFile | null;
  play(): void;
  pause(): void;
  step(): void;
  reset(): void;
  setSpeed(roundsPerSecond: number): void;
  setLiveParams(p: Partial<LiveParams>): void;
  selectHousehold(index: number): void;
  setEveryHousehold(on: boolean): void;
  dismissError(): void;
  /** Asks the worker to explain a round (and read it back from the chain); null forgets it. */
  inspect(round: number | null): void;
  /** Asks the worker for one page of the inspected round's table, from row `offset`. */
  inspectRows(table: InspectTable, offset: number): void;
  /** Asks the worker for the chain's work (transactions, markets). */
  readChainWork(): void;
  /** Asks the worker for a household's trades from the market's events. */
  readHouseholdTrades(household: number): void;
}

const planOf = (opened: OpenedRun | null): ReplayPlan | null =>
  opened ? { changes: opened.changes, rounds: opened.rounds, orders: opened.orders } : null;

const NO_INSPECTION: Inspection = {
  asked: null,
  round: null,
  explanation: null,
  pages: {},
  error: null,
  ms: 0,
  stepped: 0,
  onChain: null,
};

const initialChain: ChainStatus = {
  phase: 'off',
  message: 'Looking for the chain…',
  marketAddress: null,
  coinAddress: null,
  simulated: 0,
  sent: 0,
  confirmed: 0,
  transactions: 0,
  gasUsed: '0',
  lastError: null,
  reconciled: null,
  trades: 0,
  lastBatch: null,
  lagMs: 0,
  maxBehind: 0,
  marketNumber: 0,
};

/** `orders` with round `view.round`'s replaced by the orders the engine took in it. */
function withRoundOrders(
  orders: readonly PersonOrder[],
  view: PeopleRoundView,
): readonly PersonOrder[] {
  const round = view.round;
  const taken = view.results.map((r): PersonOrder => ({
    round,
    household: r.household,
    side: r.side,
    energyWh: r.energyWh,
    price: r.price,
  }));
  return [
    ...orders.filter((o) => o.round < round),
    ...taken,
    ...orders.filter((o) => o.round > round),
  ];
}

const NO_PEOPLE: SimState['people'] = { participants: [], roundSeconds: 20, refused: null };

let client: WorkerClient<'engine'> | null = null;
let booted = false;
/** setLiveParams commands the worker has not answered yet; each is answered once. */
let unanswered = 0;
/** An inspect command the worker has not answered yet (the next waits for it: no backlog). */
let inspecting = false;

/** Redraws at most this often: at full speed batches arrive faster than charts are worth drawing. */
const REDRAW_MS = 400;

export const useSim = create<SimState>()((set, get) => {
  const redraw = throttled(REDRAW_MS, () => set((s) => ({ version: s.version + 1 })));
  const onEvent = (e: WorkerEvent): void => {
    switch (e.type) {
      case 'ready':
        // A new run: its time axis starts at the whole run, nothing picked.
        useDashboardTime.getState().reset();
        set({
          changes: [],
          standing: null,
          replayNote: null,
          peopleRound: null,
          peopleOrders: get().opened?.orders ?? [],
          people: NO_PEOPLE,
        });
        set((s) => ({
          scenario: e.scenario,
          totalRounds: e.totalRounds,
          live: e.liveParams,
          pendingLive: {},
          history: new History(e.totalRounds, e.scenario.households, {
            state: e.start,
            params: e.liveParams,
          }),
          version: s.version + 1,
          done: false,
          summary: null,
          error: s.error?.source === 'scenario' ? null : s.error,
          selectedHousehold: Math.min(s.selectedHousehold, e.scenario.households - 1),
          run: e.run,
          inspection: NO_INSPECTION,
          householdTrades: {},
        }));
        syncLink(get());
        return;
      case 'rounds': {
        get().history.append(e.batch);
        redraw();
        return;
      }
      case 'playing':
        // Playing on past a replay's last round: the summary of where it stopped is past.
        set(e.playing ? { playing: true, summary: null } : { playing: false });
        return;
      case 'liveParams': {
        const change = e.change;
        if (change) set((s) => ({ changes: [...s.changes, change] }));
        if (e.droppedFromReplay > 0)
          set({
            replayNote: `You took over the replay: ${e.droppedFromReplay} recorded slider move${e.droppedFromReplay === 1 ? '' : 's'} not made; the run goes on as yours.`,
          });
        if (e.by === 'replay') {
          // The replay's own move: the sliders follow it unless a person's move is pending.
          if (unanswered === 0) set({ live: e.liveParams });
        } else {
          // Until the last change is answered, the pending one stays shown (no flicker back).
          unanswered = Math.max(0, unanswered - 1);
          set(unanswered === 0 ? { live: e.liveParams, pendingLive: {} } : { live: e.liveParams });
        }
        if (change) syncLink(get());
        return;
      }
      case 'standing':
        if (e.standing.run !== get().run) return;
        // A replay that stopped at its file's last round has come to its end: its summary shows.
        set(
          e.standing.replayEnded
            ? {
                standing: e.standing,
                summary: e.standing.summary,
                peopleOrders: e.standing.peopleOrders,
              }
            : { standing: e.standing, peopleOrders: e.standing.peopleOrders },
        );
        syncLink(get());
        return;
      case 'chain': {
        // Without a usable deployment the page knows why better than the worker does.
        const d = get().deployment;
        const why = d && !d.ok && e.status.phase === 'off' ? d.problem : null;
        const before = get().chain.confirmed;
        const hashBefore = get().chain.reconciled?.booksHash ?? null;
        set({ chain: why ? { ...e.status, message: why } : e.status });
        // The chain's books hash is the run's once read: the link carries it.
        if ((e.status.reconciled?.booksHash ?? null) !== hashBefore) syncLink(get());
        // The inspected round waited for the chain: read it back once it is confirmed.
        const i = get().inspection;
        if (
          i.round !== null &&
          i.onChain?.state === 'pending' &&
          before <= i.round &&
          e.status.confirmed > i.round
        ) {
          client?.send({ type: 'inspectChain', round: i.round });
        }
        return;
      }
      case 'done':
        set({ done: true, playing: false, summary: e.summary });
        return;
      case 'inspection': {
        inspecting = false;
        if (e.run !== get().run) return;
        const asked = get().inspection.asked;
        set((s) => ({
          inspection: {
            ...s.inspection,
            round: e.round,
            explanation: e.explanation,
            pages: {},
            error: e.error,
            ms: e.ms,
            stepped: e.stepped,
            onChain: s.inspection.round === e.round ? s.inspection.onChain : null,
          },
        }));
        if (asked !== null && asked !== e.round) sendInspect(asked);
        else if (e.explanation) client?.send({ type: 'inspectChain', round: e.round });
        return;
      }
      case 'inspectionRows':
        if (e.run !== get().run || get().inspection.round !== e.round) return;
        set((s) => ({
          inspection: { ...s.inspection, pages: { ...s.inspection.pages, [e.table]: e.page } },
        }));
        return;
      case 'roundOnChain':
        if (e.run !== get().run || get().inspection.round !== e.round) return;
        set((s) => ({ inspection: { ...s.inspection, onChain: e.onChain } }));
        return;
      case 'chainWork':
        set({ chainWork: e.work });
        return;
      case 'householdTrades':
        if (e.run !== get().run) return;
        set((s) => ({
          householdTrades: {
            ...s.householdTrades,
            [e.household]: {
              household: e.household,
              market: e.market,
              trades: e.trades,
              error: e.error,
            },
          },
        }));
        return;
      case 'error':
        set({ error: { source: e.source, message: e.message } });
        return;
      case 'peopleRound':
        if (e.run !== get().run) return;
        set((s) => ({
          peopleRound: e.view,
          peopleOrders:
            e.view.phase === 'cleared' ? withRoundOrders(s.peopleOrders, e.view) : s.peopleOrders,
        }));
        return;
      case 'people':
        if (e.run === get().run) {
          set({
            people: {
              participants: e.participants,
              roundSeconds: e.roundSeconds,
              refused: e.refused,
            },
          });
        }
        return;
    }
  };

  const sendInspect = (round: number): void => {
    if (!client) return;
    inspecting = true;
    client.send({ type: 'inspect', round });
  };

  const chainConfig = () => {
    const d = get().deployment;
    return d?.ok
      ? {
          rpcUrl: d.deployment.rpcUrl,
          chainId: d.deployment.chainId,
          contracts: d.deployment.contracts,
        }
      : null;
  };

  /**
   * The chain did not answer when the page loaded: ask again until it does, then settle the run
   * on it (the worker catches up from the first hour). A page loaded while the chain was frozen
   * reconnects once it thaws.
   */
  const reconnect = async (): Promise<void> => {
    const deployment = await loadDeployment();
    if (!deployment.ok) {
      set({ deployment });
      if (deployment.retry) setTimeout(() => void reconnect(), RETRY_CHAIN_MS);
      return;
    }
    set({ deployment });
    const chain = chainConfig();
    if (chain) client?.send({ type: 'connectChain', chain });
  };

  const boot = async (input: ScenarioInput, opened: OpenedRun | null): Promise<void> => {
    booted = true;
    set({ scenarioInput: input, opened });
    const deployment = await loadDeployment();
    set({
      deployment,
      chain: deployment.ok
        ? { ...initialChain, message: null }
        : { ...initialChain, message: deployment.problem },
    });
    if (!deployment.ok && deployment.retry) setTimeout(() => void reconnect(), RETRY_CHAIN_MS);
    client = createWorkerClient('engine', onEvent);
    client.send({ type: 'setSpeed', roundsPerSecond: get().speed });
    client.send({ type: 'init', scenario: input, chain: chainConfig(), replay: planOf(opened) });
  };

  return {
    scenarioInput: {},
    scenario: null,
    totalRounds: 0,
    live: null,
    pendingLive: {},
    history: new History(0, 0),
    version: 0,
    playing: false,
    done: false,
    summary: null,
    speed: 4,
    deployment: null,
    chain: initialChain,
    error: null,
    selectedHousehold: 0,
    everyHousehold: false,
    run: 0,
    inspection: NO_INSPECTION,
    chainWork: null,
    householdTrades: {},
    changes: [],
    opened: null,
    standing: null,
    replayNote: null,
    loadNote: null,

    bootOnce(input, opened = null) {
      if (!booted) void boot(input, opened);
    },
    applyScenario(input) {
      set({ scenarioInput: input, playing: false, opened: null });
      client?.send({ type: 'init', scenario: input, chain: chainConfig() });
    },
    openRun(opened) {
      if (!booted) {
        void boot(opened.scenario, opened);
        return;
      }
      set({ scenarioInput: opened.scenario, playing: false, opened });
      client?.send({
        type: 'init',
        scenario: opened.scenario,
        chain: chainConfig(),
        replay: planOf(opened),
      });
    },
    openRunFile(name, text) {
      let file: RunFile;
      try {
        file = parseRunFile(text);
      } catch (e) {
        // The run on the page goes on: a refused file changes nothing.
        set({ loadNote: { ok: false, text: `${name} was not opened: ${(e as Error).message}` } });
        return;
      }
      const note = engineNote(file);
      set({
        loadNote: {
          ok: true,
          text: `Opened ${name}: ${file.changes.length} slider move${file.changes.length === 1 ? '' : 's'}, replayed to hour ${file.rounds}. Press Play.${note ? ` Note: ${note}.` : ''}`,
        },
      });
      get().openRun(openedOfFile(file, name));
    },
    runFile: () => runFileOf(get()),
    peopleRound: null,
    peopleOrders: [],
    people: NO_PEOPLE,
    takersChanged: () => client?.send({ type: 'readTakers' }),
    passRound: (household) => client?.send({ type: 'passRound', household }),
    setRoundSeconds: (seconds) => client?.send({ type: 'setRoundSeconds', seconds }),
    play: () => client?.send({ type: 'play' }),
    pause: () => client?.send({ type: 'pause' }),
    step: () => client?.send({ type: 'step' }),
    reset: () => client?.send({ type: 'reset' }),
    setSpeed(roundsPerSecond) {
      set({ speed: roundsPerSecond });
      client?.send({ type: 'setSpeed', roundsPerSecond });
    },
    setLiveParams(params) {
      // Shown at once; the worker answers with what the engine took (all of it, or nothing).
      if (!client || Object.keys(params).length === 0) return;
      unanswered++;
      set((s) => ({ pendingLive: { ...s.pendingLive, ...params } }));
      client.send({ type: 'setLiveParams', params });
    },
    selectHousehold: (index) => set({ selectedHousehold: index }),
    setEveryHousehold: (on) => set({ everyHousehold: on }),
    dismissError: () => set({ error: null }),
    inspect(round) {
      set((s) => ({
        inspection: round === null ? NO_INSPECTION : { ...s.inspection, asked: round },
      }));
      // While one is answered the next waits: scrubbing fast asks for the last hour only.
      if (round !== null && !inspecting) sendInspect(round);
    },
    inspectRows(table, offset) {
      const round = get().inspection.round;
      if (round !== null) client?.send({ type: 'inspectRows', round, table, offset });
    },
    readChainWork: () => client?.send({ type: 'chainWork' }),
    readHouseholdTrades: (household) => client?.send({ type: 'householdTrades', household }),
  };
});
