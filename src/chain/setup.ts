/**
 * Opens a run's books: a fresh coin/market pair (or a given one whose books are still fresh), the
 * scenario's households registered with their dev accounts, and `initCoins` minted to each.
 */
import type { Address } from 'viem';
import { BASE_PER_COIN } from '../engine';
import type { ChainClients } from './chain';
import { encodeMints, encodeRegistrations } from './codec';
import { checkPair, deployContracts, energyCoinAbi, energyMarketAbi } from './contracts';
import type { Deployment } from './deployment';
import type { SettlerOptions } from './types';

/** Households per register/mint transaction, well inside a block's gas. */
const SETUP_CHUNK = 200;

export async function setUpBooks(
  c: ChainClients,
  opts: Pick<SettlerOptions, 'rpcUrl' | 'chainId' | 'scenario' | 'deployment'>,
  accounts: readonly Address[],
): Promise<Deployment> {
  let deployment: Deployment | null = null;
  if (opts.deployment && opts.deployment.chainId === opts.chainId) {
    const check = await checkPair(c, opts.deployment.contracts, c.account.address);
    if (check.ok && check.householdCount === 0n && check.settledRounds === 0n) {
      deployment = { ...opts.deployment, rpcUrl: opts.rpcUrl };
    }
  }
  deployment ??= await deployContracts(c, opts.rpcUrl);
  const { EnergyCoin, EnergyMarket } = deployment.contracts;
  const areas = opts.scenario.pv.areasM2;
  const initBase = BigInt(opts.scenario.initCoins) * BigInt(BASE_PER_COIN);
  for (let start = 0; start < accounts.length; start += SETUP_CHUNK) {
    const chunk = accounts.slice(start, start + SETUP_CHUNK);
    const reg = await c.walletClient.writeContract({
      address: EnergyMarket,
      abi: energyMarketAbi,
      functionName: 'registerHouseholds',
      args: [
        encodeRegistrations(
          chunk.map((account, k) => ({ account, hasPv: (areas[start + k] ?? 0) > 0 })),
        ),
      ],
    });
    const mint = await c.walletClient.writeContract({
      address: EnergyCoin,
      abi: energyCoinAbi,
      functionName: 'mintBatch',
      args: [encodeMints(chunk, initBase)],
    });
    for (const [hash, what] of [
      [reg, 'registerHouseholds'],
      [mint, 'mintBatch'],
    ] as const) {
      const r = await c.publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
      if (r.status !== 'success') throw new Error(`${what} reverted (tx ${hash})`);
    }
  }
  return deployment;
}
