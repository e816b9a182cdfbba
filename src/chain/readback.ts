/**
 * What the chain recorded, read back from its events: the round records and trades of one
 * round with the transaction that carried them, the settlement transactions of a market, a
 * household's trades, and what a market holds. The round inspector and the chain-work view of the
 * page show these beside the engine's figures; `compareSettledRound` says where they differ.
 *
 * Logs are read from block 0 (readSettledRound from a first block when its caller knows one): the
 * host's page settles only on the local chain, whose history is short.
 */
import {
  createPublicClient,
  http,
  parseEventLogs,
  type Address,
  type Hash,
  type PublicClient,
} from 'viem';
import { pricePerWhFromCoinsPer100Wh } from '../engine';
import { chainFor } from './chain';
import { energyCoinAbi, energyMarketAbi } from './contracts';
import type { SettleRound } from './types';

/** A read-only client for one RPC endpoint (no key: it only reads). */
export function createChainReader(rpcUrl: string, chainId: number): PublicClient {
  return createPublicClient({
    chain: chainFor(chainId, rpcUrl),
    transport: http(rpcUrl, { retryCount: 0, timeout: 10_000 }),
  }) as PublicClient;
}

/** One settle transaction: where it landed, what it cost and what it carried. */
export interface SettlementTx {
  readonly hash: Hash;
  readonly blockNumber: number;
  /** Decimal string (a bigint). */
  readonly gasUsed: string;
  /** First round it settled (null for a call that only wrote households' books). */
  readonly firstRound: number | null;
  readonly rounds: number;
  readonly trades: number;
  /** Gas used over trades carried; null without a trade. */
  readonly gasPerTrade: number | null;
}

/** A round's record on chain (its RoundSettled event), prices in base units per Wh. */
export interface RoundRecordOnChain {
  readonly round: number;
  /** 0 when the round had no single clearing price. */
  readonly clearingPricePerWh: number;
  readonly trades: number;
  readonly priceMinPerWh: number;
  readonly priceMaxPerWh: number;
}

/** A Trade event, prices in base units per Wh. */
export interface TradeOnChain {
  readonly round: number;
  readonly buyer: number;
  readonly seller: number;
  readonly energyWh: number;
  readonly pricePerWh: number;
  readonly buyerPricePerWh: number;
  readonly transactionHash: Hash;
  readonly blockNumber: number;
  readonly logIndex: number;
}

export interface SettledRound {
  readonly tx: SettlementTx;
  readonly record: RoundRecordOnChain;
  /** The round's trades in the order the chain applied them. */
  readonly trades: readonly TradeOnChain[];
}

const num = (v: bigint | number | undefined): number => Number(v ?? 0);

function tradeOf(l: {
  args: {
    round?: bigint;
    buyer?: bigint;
    seller?: bigint;
    energyWh?: bigint;
    pricePerWh?: bigint;
    buyerPricePerWh?: bigint;
  };
  transactionHash: Hash | null;
  blockNumber: bigint | null;
  logIndex: number | null;
}): TradeOnChain {
  return {
    round: num(l.args.round),
    buyer: num(l.args.buyer),
    seller: num(l.args.seller),
    energyWh: num(l.args.energyWh),
    pricePerWh: num(l.args.pricePerWh),
    buyerPricePerWh: num(l.args.buyerPricePerWh),
    transactionHash: (l.transactionHash ?? '0x') as Hash,
    blockNumber: num(l.blockNumber ?? 0n),
    logIndex: l.logIndex ?? 0,
  };
}

/**
 * Round `round` as the market recorded it, with the transaction that carried it; null while it
 * is not settled. A caller that knows a block at or before the settlement (the block a round
 * for people was opened in will do: a round settles only after it was opened) passes it as
 * `fromBlock`, and the node searches only from there rather than the run's whole history.
 */
export async function readSettledRound(
  client: PublicClient,
  market: Address,
  round: number,
  fromBlock = 0n,
): Promise<SettledRound | null> {
  const settled = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'RoundSettled',
    args: { round: BigInt(round) },
    fromBlock,
  });
  const log = settled.at(-1);
  if (!log?.transactionHash) return null;
  const receipt = await client.getTransactionReceipt({ hash: log.transactionHash });
  const mine = receipt.logs.filter((l) => l.address.toLowerCase() === market.toLowerCase());
  const events = parseEventLogs({ abi: energyMarketAbi, logs: mine });
  let rounds = 0;
  let first: number | null = null;
  const trades: TradeOnChain[] = [];
  let tradesInTx = 0;
  for (const e of events) {
    if (e.eventName === 'RoundSettled') {
      rounds++;
      const r = num(e.args.round);
      first = first === null ? r : Math.min(first, r);
    } else if (e.eventName === 'Trade') {
      tradesInTx++;
      if (num(e.args.round) === round) trades.push(tradeOf(e));
    }
  }
  const a = log.args;
  return {
    tx: {
      hash: log.transactionHash,
      blockNumber: num(receipt.blockNumber),
      gasUsed: receipt.gasUsed.toString(),
      firstRound: first,
      rounds,
      trades: tradesInTx,
      gasPerTrade: tradesInTx > 0 ? Number(receipt.gasUsed) / tradesInTx : null,
    },
    record: {
      round,
      clearingPricePerWh: num(a.clearingPricePerWh),
      trades: num(a.trades),
      priceMinPerWh: num(a.priceMinPerWh),
      priceMaxPerWh: num(a.priceMaxPerWh),
    },
    trades,
  };
}

/**
 * Where the chain's record of a round differs from the engine's round, in words; empty when they
 * are equal: the round word (clearing price, trade count, live price range) and every trade
 * (buyer, seller, energy, both prices), in order.
 */
export function compareSettledRound(engine: SettleRound, chain: SettledRound): string[] {
  const out: string[] = [];
  const expect = (what: string, want: number, got: number): void => {
    if (want !== got) out.push(`${what}: engine ${want}, chain ${got}`);
  };
  const r = chain.record;
  expect(
    'clearing price per Wh',
    engine.clearingPrice === null ? 0 : pricePerWhFromCoinsPer100Wh(engine.clearingPrice),
    r.clearingPricePerWh,
  );
  expect('trades', engine.trades.length, r.trades);
  expect(
    'price minimum per Wh',
    pricePerWhFromCoinsPer100Wh(engine.params.priceMin),
    r.priceMinPerWh,
  );
  expect(
    'price maximum per Wh',
    pricePerWhFromCoinsPer100Wh(engine.params.priceMax),
    r.priceMaxPerWh,
  );
  expect('trade events', engine.trades.length, chain.trades.length);
  engine.trades.forEach((t, i) => {
    const c = chain.trades[i];
    if (!c) return;
    const at = `trade ${i + 1}`;
    expect(`${at} buyer`, t.buyer, c.buyer);
    expect(`${at} seller`, t.seller, c.seller);
    expect(`${at} energy Wh`, t.energyWh, c.energyWh);
    expect(`${at} price per Wh`, t.pricePerWh, c.pricePerWh);
    expect(`${at} buyer's price per Wh`, t.buyerPricePerWh ?? t.pricePerWh, c.buyerPricePerWh);
  });
  return out;
}

/** A market's settlement transactions, oldest first (the last `last` of them, default all). */
export async function readSettlementTxs(
  client: PublicClient,
  market: Address,
  last = Infinity,
): Promise<SettlementTx[]> {
  const [settled, traded] = await Promise.all([
    client.getContractEvents({
      address: market,
      abi: energyMarketAbi,
      eventName: 'RoundSettled',
      fromBlock: 0n,
    }),
    client.getContractEvents({
      address: market,
      abi: energyMarketAbi,
      eventName: 'Trade',
      fromBlock: 0n,
    }),
  ]);
  const byTx = new Map<Hash, { block: number; first: number; rounds: number; trades: number }>();
  for (const l of settled) {
    if (!l.transactionHash) continue;
    const e = byTx.get(l.transactionHash) ?? {
      block: num(l.blockNumber ?? 0n),
      first: num(l.args.round),
      rounds: 0,
      trades: 0,
    };
    e.rounds++;
    e.first = Math.min(e.first, num(l.args.round));
    byTx.set(l.transactionHash, e);
  }
  for (const l of traded) {
    const e = l.transactionHash ? byTx.get(l.transactionHash) : undefined;
    if (e) e.trades++;
  }
  const picked = [...byTx.entries()].slice(-Math.max(0, Math.min(byTx.size, last)));
  const receipts = await Promise.all(
    picked.map(([hash]) => client.getTransactionReceipt({ hash })),
  );
  return picked.map(([hash, e], i) => {
    const gas = receipts[i]?.gasUsed ?? 0n;
    return {
      hash,
      blockNumber: e.block,
      gasUsed: gas.toString(),
      firstRound: e.first,
      rounds: e.rounds,
      trades: e.trades,
      gasPerTrade: e.trades > 0 ? Number(gas) / e.trades : null,
    };
  });
}

/** Every trade household `index` took part in on this market, oldest first. */
export async function readHouseholdTrades(
  client: PublicClient,
  market: Address,
  index: number,
): Promise<TradeOnChain[]> {
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'Trade',
    fromBlock: 0n,
  });
  const me = BigInt(index);
  return logs.filter((l) => l.args.buyer === me || l.args.seller === me).map(tradeOf);
}

/** What a market holds, read from its storage. */
export interface MarketHoldings {
  readonly settledRounds: number;
  readonly households: number;
  /** The coin's total supply, base units, decimal string. */
  readonly coinSupply: string;
}

export async function readMarketHoldings(
  client: PublicClient,
  market: Address,
): Promise<MarketHoldings> {
  const [settled, households, coin] = await Promise.all([
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'settledRounds' }),
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'householdCount' }),
    client.readContract({ address: market, abi: energyMarketAbi, functionName: 'coin' }),
  ]);
  const supply = await client.readContract({
    address: coin,
    abi: energyCoinAbi,
    functionName: 'totalSupply',
  });
  return {
    settledRounds: Number(settled),
    households: Number(households),
    coinSupply: supply.toString(),
  };
}
