/**
 * The one module that knows the contracts: ABIs and bytecode (generated from forge's out/ by
 * script/gen-abi.ts), the market's fixed parameters for a scenario, how a market is deployed (one
 * transaction; the market creates its coin), where it lands, and whether a market is this run's.
 */
import { getAddress, getContractAddress, type Address, type Hex } from 'viem';
import { BASE_PER_COIN, DIV_WH, FIELDS, type Scenario } from '../engine';
import {
  energyCoinAbi,
  energyCoinBytecode,
  energyMarketAbi,
  energyMarketBytecode,
} from './generated/contracts';
import type { ChainClients } from './chain';
import type { Deployment, PairAddresses } from './deployment';

export { energyCoinAbi, energyMarketAbi, energyCoinBytecode, energyMarketBytecode };

/** One money unit per coin (ppm), the thesis's exchange rate. */
export const DEFAULT_MONEY_PER_COIN_PPM = 1_000_000n;

/** Base units per Wh of one coin per 100 Wh (the unit agents quote prices in). */
export const PRICE_PER_WH_OF_COIN_PER_100WH = BigInt(BASE_PER_COIN / DIV_WH);

/** The market's parameters, fixed at deployment (the constructor's Config). */
export interface MarketConfig {
  readonly households: bigint;
  /** Base units minted to each household at registration. */
  readonly endowment: bigint;
  /** The hard price range, base units per Wh: every round's declared range lies inside it. */
  readonly priceFloorPerWh: bigint;
  readonly priceCeilingPerWh: bigint;
  readonly moneyPerCoinPpm: bigint;
}

/** Whole coins per 100 Wh, the range a run may declare (the engine's priceMin/priceMax unit). */
export interface PriceReach {
  readonly min: number;
  readonly max: number;
}

/** A headless run declares the scenario's own range: nothing moves it while the run plays. */
export function scenarioPriceReach(s: Pick<Scenario, 'priceMin' | 'priceMax'>): PriceReach {
  return { min: s.priceMin, max: s.priceMax };
}

/**
 * The page's sliders move the price range while a run plays, within their typical range widened
 * to the scenario's own (the field table's `typical`, as LiveParamsPanel shows them).
 */
export function livePriceReach(s: Pick<Scenario, 'priceMin' | 'priceMax'>): PriceReach {
  const lo = FIELDS.priceMin.kind === 'integer' ? (FIELDS.priceMin.typical?.[0] ?? 0) : 0;
  const hi = FIELDS.priceMax.kind === 'integer' ? (FIELDS.priceMax.typical?.[1] ?? 0) : 0;
  return { min: Math.min(lo, s.priceMin), max: Math.max(hi, s.priceMax) };
}

/** The market a scenario needs: its households, their endowment, the price reach, the rate. */
export function marketConfigFor(
  s: Pick<Scenario, 'households' | 'initCoins'>,
  reach: PriceReach,
): MarketConfig {
  return {
    households: BigInt(s.households),
    endowment: BigInt(s.initCoins) * BigInt(BASE_PER_COIN),
    priceFloorPerWh: BigInt(reach.min) * PRICE_PER_WH_OF_COIN_PER_100WH,
    priceCeilingPerWh: BigInt(reach.max) * PRICE_PER_WH_OF_COIN_PER_100WH,
    moneyPerCoinPpm: DEFAULT_MONEY_PER_COIN_PPM,
  };
}

/** 32 random bytes: each run's id, so a settler can tell its market from another run's. */
export function newRunId(): Hex {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  bytes[0] = (bytes[0] ?? 0) | 1; // never all zero (the market refuses a zero id)
  return `0x${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Where a market deployed by `operator` at `nonce` lands, and its coin: the market's constructor
 * creates the coin as the market's first contract (nonce 1).
 */
export function expectedAddresses(operator: Address, nonce = 0n): PairAddresses {
  return pairOf(getContractAddress({ from: operator, nonce }));
}

/** A market and the coin its constructor created (the market's first contract, nonce 1). */
export function pairOf(market: Address): PairAddresses {
  return { EnergyMarket: market, EnergyCoin: getContractAddress({ from: market, nonce: 1n }) };
}

/**
 * Sends the one deployment transaction at `nonce` (the market lands at expectedAddresses(op,
 * nonce)). Resolves with its hash; the caller awaits the receipt, so a lost answer can be
 * recovered by looking at the expected address.
 */
export function sendDeployment(
  c: ChainClients,
  runId: Hex,
  config: MarketConfig,
  nonce: number,
): Promise<Hex> {
  return c.walletClient.deployContract({
    abi: energyMarketAbi,
    bytecode: energyMarketBytecode,
    args: [c.account.address, runId, config],
    nonce,
  });
}

/** What a market on chain is, read in one round of calls. */
export type MarketCheck =
  | {
      ok: true;
      runId: Hex;
      config: MarketConfig;
      householdCount: bigint;
      settledRounds: bigint;
    }
  | { ok: false; reason: string; noCode?: true };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Whether `contracts` is a market run by `operator` with its own coin, and (when given) of run
 * `runId` and with `config`; the reason in words when not.
 */
export async function checkMarket(
  c: Pick<ChainClients, 'publicClient'>,
  contracts: PairAddresses,
  expect: { operator: Address; runId?: Hex; config?: MarketConfig },
): Promise<MarketCheck> {
  const code = await c.publicClient.getCode({ address: contracts.EnergyMarket });
  if (!code || code === '0x') {
    return { ok: false, noCode: true, reason: `there is no contract at ${contracts.EnergyMarket}` };
  }
  const market = { address: contracts.EnergyMarket, abi: energyMarketAbi } as const;
  const [runId, coin, operator, config, householdCount, settledRounds] = await Promise.all([
    c.publicClient.readContract({ ...market, functionName: 'runId' }),
    c.publicClient.readContract({ ...market, functionName: 'coin' }),
    c.publicClient.readContract({ ...market, functionName: 'operator' }),
    c.publicClient.readContract({ ...market, functionName: 'config' }),
    c.publicClient.readContract({ ...market, functionName: 'householdCount' }),
    c.publicClient.readContract({ ...market, functionName: 'settledRounds' }),
  ]);
  if (!same(coin, contracts.EnergyCoin)) {
    return { ok: false, reason: `the market at ${contracts.EnergyMarket} settles in another coin` };
  }
  if (!same(operator, expect.operator)) {
    return { ok: false, reason: `the market is operated by ${operator}, not ${expect.operator}` };
  }
  if (expect.runId !== undefined && !same(runId, expect.runId)) {
    return {
      ok: false,
      reason: `the market belongs to run ${runId}, not this run (${expect.runId})`,
    };
  }
  const want = expect.config;
  if (want) {
    for (const k of Object.keys(want) as (keyof MarketConfig)[]) {
      if (config[k] !== want[k]) {
        return {
          ok: false,
          reason: `the market's ${k} is ${config[k]}, this run needs ${want[k]}`,
        };
      }
    }
  }
  return { ok: true, runId, config, householdCount, settledRounds };
}

/** A market's deployment record. */
export function deploymentOf(
  chainId: number,
  rpcUrl: string,
  runId: Hex,
  contracts: PairAddresses,
): Deployment {
  return {
    chainId,
    rpcUrl,
    runId,
    contracts: {
      EnergyCoin: getAddress(contracts.EnergyCoin),
      EnergyMarket: getAddress(contracts.EnergyMarket),
    },
  };
}

/** EnergyMarket's ABI plus the coin's errors, so a revert bubbling up from the coin decodes. */
export const settlementAbi = [
  ...energyMarketAbi,
  ...energyCoinAbi.filter((item) => item.type === 'error'),
] as const;
