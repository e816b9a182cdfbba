/**
 * Reads the chain directly, so specs check what Anvil recorded rather than what the page says.
 * The ABIs are the ones generated from forge's output (via the chain layer's one contracts module).
 */
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { foundry } from 'viem/chains';
import { energyCoinAbi, energyMarketAbi } from '../../src/chain/contracts';

export const marketAbi = energyMarketAbi;
export const coinAbi = energyCoinAbi;

export function chainClient(): PublicClient {
  const url = process.env.E2E_RPC_URL;
  if (!url) throw new Error('E2E_RPC_URL is not set: the global setup did not run');
  return createPublicClient({ chain: foundry, transport: http(url) });
}

/**
 * The market of the most recent run: every run opens fresh books, so it is the latest contract
 * that registered households (found from the chain's logs, not from the page).
 */
export async function latestMarket(client: PublicClient): Promise<Address | null> {
  const logs = await client.getContractEvents({
    abi: energyMarketAbi,
    eventName: 'HouseholdRegistered',
    fromBlock: 0n,
  });
  const last = logs.at(-1);
  return last ? last.address : null;
}

export async function settledRounds(client: PublicClient, market: Address): Promise<number> {
  return Number(
    await client.readContract({ address: market, abi: marketAbi, functionName: 'settledRounds' }),
  );
}

/** Every trade the market recorded, as (round, price per Wh) pairs. */
export async function trades(
  client: PublicClient,
  market: Address,
): Promise<{ round: bigint; pricePerWh: bigint }[]> {
  const logs = await client.getContractEvents({
    address: market,
    abi: energyMarketAbi,
    eventName: 'Trade',
    fromBlock: 0n,
  });
  return logs.map((l) => ({ round: l.args.round ?? 0n, pricePerWh: l.args.pricePerWh ?? 0n }));
}
