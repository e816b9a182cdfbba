/**
 * Reads the chain directly, so specs check what Anvil recorded rather than what the page says.
 * Human-readable ABI fragments keep these checks independent of the app's generated ABIs.
 */
import {
  createPublicClient,
  http,
  parseAbi,
  parseAbiItem,
  type Address,
  type PublicClient,
} from 'viem';
import { foundry } from 'viem/chains';

export const marketAbi = parseAbi([
  'function settledRounds() view returns (uint256)',
  'function householdCount() view returns (uint256)',
  'function coin() view returns (address)',
  'function operator() view returns (address)',
]);
export const coinAbi = parseAbi(['function balanceOf(address) view returns (uint256)']);
const registered = parseAbiItem(
  'event HouseholdRegistered(uint256 indexed index, address indexed account, bool hasPv)',
);
export const roundSettled = parseAbiItem(
  'event RoundSettled(uint256 indexed round, uint256 clearingPricePerWh, uint256 trades)',
);

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
  const logs = await client.getLogs({ event: registered, fromBlock: 0n, toBlock: 'latest' });
  const last = logs.at(-1);
  return last ? last.address : null;
}

export async function settledRounds(client: PublicClient, market: Address): Promise<number> {
  return Number(
    await client.readContract({ address: market, abi: marketAbi, functionName: 'settledRounds' }),
  );
}
