/**
 * `simulate --rpc <url>`: settles every round of a CLI run on that chain and reconciles at the
 * end. Node-only (reads OPERATOR_KEY from the environment). On Anvil the operator defaults to
 * the dev mnemonic's account 0; any other chain needs OPERATOR_KEY.
 *
 * Nothing the chain does stops the run or loses its files: a failure while opening the books,
 * settling or reconciling is recorded (stage, kind, one sentence, what to do) and the engine runs
 * on; the caller writes summary.json with the `chain` record and exits 1. Every wait is bounded
 * by the chain layer's retry rule (`--retry-seconds`). As soon as the market is known it is
 * written to DIR/chain.json, so an interrupted run (a failure, a kill) can be resumed on the same
 * market by running the same command again.
 */
import { performance } from 'node:perf_hooks';
import {
  ChainFailure,
  createSettler,
  DEFAULT_RETRY,
  describeMismatch,
  operatorKeyFor,
  probeChainId,
  retrying,
  type Deployment,
  type FailureCode,
  type Mismatch,
  type Settler,
} from '../chain';
import type { HouseholdState, RoundResult, Scenario } from '../engine';
import { writeFileAtomically } from './output';

/** Where settlement stopped for good, and why. */
export interface ChainStop {
  readonly stage: 'setup' | 'settlement' | 'reconcile';
  readonly code: FailureCode;
  /** What happened, one sentence. */
  readonly reason: string;
  /** What to do about it. */
  readonly advice: string;
}

/** summary.json's `chain` (and DIR/chain.json's): how far settlement got, where, and why it stopped. */
export interface ChainRecord {
  /** settled: every round settled and the books reconciled; stopped: see `stopped`; settling: in progress (chain.json only). */
  readonly status: 'settled' | 'stopped' | 'settling';
  readonly chainId: number | null;
  readonly rpcUrl: string;
  readonly runId: string | null;
  readonly contracts: Deployment['contracts'] | null;
  /** Rounds the run has. */
  readonly rounds: number;
  /** Rounds on chain for this run (null while settling). */
  readonly settledRounds: number | null;
  /** Rounds an earlier session of this run had settled when this one began (0: a fresh run). */
  readonly resumedAt: number;
  /** Settlement transactions of this session (update-only calls included), their gas and trades. */
  readonly transactions: number;
  readonly gasUsed: string;
  readonly trades: number;
  readonly gasPerTrade: number | null;
  readonly batchRounds: number;
  readonly settleMs: number;
  /** True when the chain's books were compared with the engine's and agree exactly. */
  readonly reconciled: boolean;
  readonly mismatches: readonly string[];
  readonly stopped: ChainStop | null;
}

/** DIR/chain.json: the record plus the scenario, so a later run can tell it is the same one. */
export interface ChainCheckpoint extends ChainRecord {
  readonly scenario: Scenario;
}

/** What the CLI's user can do about each kind of failure. */
function advice(code: FailureCode, o: { rpcUrl: string; market: boolean }): string {
  const again = o.market
    ? 'run the same command again: settlement resumes on the same market without repeating a round'
    : 'run the same command again';
  switch (code) {
    case 'unreachable':
    case 'other':
      return `Check that the node at ${o.rpcUrl} runs and answers, then ${again}.`;
    case 'not-rpc':
      return 'Point --rpc at an Ethereum JSON-RPC node (e.g. http://127.0.0.1:8545 from npm start).';
    case 'wrong-chain':
      return 'Point --rpc at the chain this run is for.';
    case 'lost-state':
    case 'rolled-back':
      return 'This run cannot continue there: run again with --force for a fresh market, on a node that keeps its state (anvil --state FILE).';
    case 'other-run':
      return 'Run again with --force to settle this run on a fresh market of its own.';
    case 'reverted':
    case 'codec':
      return 'This is a defect, not a node problem: report it with summary.json; the engine files are complete.';
    case 'unsupported':
      return 'Change the scenario as the message says, or run without --rpc.';
    case 'over-gas':
      return 'Settle on a chain with a higher block gas limit (anvil --gas-limit), or run fewer households.';
    case 'no-funds':
      return 'Fund the operator account (OPERATOR_KEY) with ETH for gas, then run the same command again.';
  }
}

export interface ChainRunOptions {
  rpcUrl: string;
  scenario: Scenario;
  batchRounds: number;
  /** How long transient failures are retried before they count as permanent, s. */
  retrySeconds: number;
  /** The interrupted run to continue (DIR/chain.json of the same scenario), or null. */
  resume: ChainCheckpoint | null;
  /** The --out directory, for chain.json. */
  out: string;
  log: (s: string) => void;
}

export interface ChainRun {
  /** Per-round hook for runSimulation: enqueues, and holds the run back while the queue is long. */
  onRound(r: RoundResult): void | Promise<void>;
  /**
   * Waits for every round (bounded by the retry rule), reconciles with the engine's last round,
   * writes DIR/chain.json and returns the record; never rejects.
   */
  finish(): Promise<{
    record: ChainRecord;
    mismatches: Mismatch[];
    line: string;
    /** The books hash of the chain's books as reconciliation read them (null if not read). */
    booksHash: string | null;
  }>;
}

/** The most household states the queue may hold before the run waits for the chain. */
const QUEUED_STATES = 400_000;

function stop(stage: ChainStop['stage'], e: unknown, o: { rpcUrl: string; market: boolean }) {
  const f =
    e instanceof ChainFailure
      ? e
      : new ChainFailure('permanent', 'other', e instanceof Error ? e.message : String(e));
  return { stage, code: f.code, reason: f.message, advice: advice(f.code, o) } satisfies ChainStop;
}

/** A market to resume from a checkpoint, when it has one on this chain. */
function resumePoint(c: ChainCheckpoint | null, chainId: number): Deployment | null {
  if (!c || c.chainId !== chainId || !c.runId || !c.contracts) return null;
  return {
    chainId,
    rpcUrl: c.rpcUrl,
    runId: c.runId as Deployment['runId'],
    contracts: c.contracts,
  };
}

/**
 * Opens the chain side of a run. Throws only for bad input (an OPERATOR_KEY that is refused);
 * every chain failure is kept and reported by finish().
 */
export async function openChainRun(o: ChainRunOptions): Promise<ChainRun> {
  const rounds = o.scenario.days * 24;
  const retry = { ...DEFAULT_RETRY, giveUpAfterMs: o.retrySeconds * 1000 };
  let chainId: number | null = null;
  let deployment: Deployment | null = null;
  let settler: Settler | null = null;
  let stopped: ChainStop | null = null;
  let lastError: string | null = null;
  const start = performance.now();

  const checkpoint = (record: ChainRecord): void =>
    writeFileAtomically(
      o.out,
      'chain.json',
      `${JSON.stringify({ ...record, scenario: o.scenario } satisfies ChainCheckpoint, null, 2)}\n`,
    );
  const recordOf = (
    status: ChainRecord['status'],
    extra: Partial<ChainRecord> = {},
  ): ChainRecord => {
    const s = settler?.status();
    return {
      status,
      chainId,
      rpcUrl: o.rpcUrl,
      runId: deployment?.runId ?? null,
      contracts: deployment?.contracts ?? null,
      rounds,
      settledRounds: s ? s.confirmed : null,
      resumedAt: settler?.resumedAt ?? 0,
      transactions: s?.transactions ?? 0,
      gasUsed: (s?.gasUsed ?? 0n).toString(),
      trades: s?.trades ?? 0,
      gasPerTrade: s && s.trades > 0 ? Number(s.gasUsed / BigInt(s.trades)) : null,
      batchRounds: o.batchRounds,
      settleMs: Math.round(performance.now() - start),
      reconciled: false,
      mismatches: [],
      stopped,
      ...extra,
    };
  };

  try {
    chainId = await retrying(() => probeChainId(o.rpcUrl), {
      rpcUrl: o.rpcUrl,
      what: 'eth_chainId',
      policy: retry,
      onFailure: (f) => {
        if (!f.permanent) o.log(`chain: ${f.message} (retrying)`);
      },
    });
  } catch (e) {
    stopped = stop('setup', e, { rpcUrl: o.rpcUrl, market: false });
  }
  if (chainId !== null) {
    const operatorKey = operatorKeyFor(chainId, process.env.OPERATOR_KEY);
    const resume = resumePoint(o.resume, chainId);
    if (resume)
      o.log(
        `chain: resuming run ${resume.runId.slice(0, 10)}… on ${resume.contracts.EnergyMarket}`,
      );
    try {
      settler = await createSettler({
        rpcUrl: o.rpcUrl,
        chainId,
        operatorKey,
        scenario: o.scenario,
        batchRounds: o.batchRounds,
        retry,
        ...(resume ? { resume } : {}),
        onRetry: (m) => o.log(`chain: ${m} (retrying)`),
        onMarket: (d) => {
          deployment = d;
          checkpoint(recordOf('settling'));
        },
        onStatus: (s) => {
          if (s.lastError !== lastError && !s.stopped) {
            lastError = s.lastError;
            o.log(
              lastError
                ? `chain: ${lastError} (rounds kept; retrying)`
                : `chain: recovered at ${s.confirmed} rounds`,
            );
          }
        },
      });
      if (settler.resumedAt > 0) o.log(`chain: ${settler.resumedAt} rounds already on chain`);
    } catch (e) {
      stopped = stop('setup', e, { rpcUrl: o.rpcUrl, market: deployment !== null });
    }
  }

  const limit = Math.max(
    24,
    Math.min(2 * o.batchRounds, Math.floor(QUEUED_STATES / o.scenario.households)),
  );
  let last: readonly HouseholdState[] | undefined;
  return {
    onRound(r) {
      if (!settler || settler.failure) return;
      settler.enqueue(r);
      last = r.households;
      // Hold the run back while the queue is long; once per batch let the settler's I/O run, so
      // sending overlaps simulating and a batch goes out full.
      const s = settler.status();
      if (s.simulated - s.confirmed >= limit) return settler.room(limit);
      if ((r.round + 1) % o.batchRounds === 0) return new Promise((res) => setImmediate(res));
    },
    async finish() {
      let mismatches: Mismatch[] = [];
      let reconciled = false;
      if (settler && !stopped) {
        const market = { rpcUrl: o.rpcUrl, market: true };
        try {
          await settler.flush();
        } catch (e) {
          stopped = stop('settlement', e, market);
        }
        if (!stopped) {
          try {
            mismatches = await settler.reconcile(last);
            reconciled = mismatches.length === 0;
          } catch (e) {
            stopped = stop('reconcile', e, market);
          }
        }
      }
      const booksHash = settler?.lastBooksHash ?? null;
      const record = recordOf(stopped || !reconciled ? 'stopped' : 'settled', {
        reconciled,
        mismatches: mismatches.map(describeMismatch),
        stopped,
      });
      settler?.close();
      checkpoint(record);
      const line = stopped
        ? `chain ${chainId ?? '?'}: stopped in ${stopped.stage} with ${record.settledRounds ?? 0} of ${rounds} rounds settled`
        : `chain ${chainId}: settled ${record.settledRounds} rounds in ${record.transactions} transactions, ` +
          `${record.trades} trades, gas ${record.gasUsed} (${record.gasPerTrade ?? '-'} per trade), ` +
          `${mismatches.length} mismatches, ${record.settleMs} ms`;
      return { record, mismatches, line, booksHash };
    },
  };
}
