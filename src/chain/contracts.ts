/**
 * The one module that knows the contracts: ABIs and bytecode (generated from forge's out/ by
 * script/gen-abi.ts), how a pair is deployed and linked, and whether a pair is ours.
 */
import { getAddress, getContractAddress, type Address, type Hash } from 'viem';
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

async function mined(c: ChainClients, hash: Hash, what: string) {
  const receipt = await c.publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
  if (receipt.status !== 'success') throw new Error(`${what} reverted (tx ${hash})`);
  return receipt;
}

/**
 * Deploys EnergyCoin (owner and minter = operator) and EnergyMarket, then links them. The same
 * three transactions as contracts/script/Deploy.s.sol, so on a fresh Anvil both produce the
 * addresses of {@link expectedAddresses}.
 */
export async function deployContracts(
  c: ChainClients,
  rpcUrl: string,
  moneyPerCoinPpm: bigint = DEFAULT_MONEY_PER_COIN_PPM,
): Promise<Deployment> {
  const operator = c.account.address;
  const coinTx = await c.walletClient.deployContract({
    abi: energyCoinAbi,
    bytecode: energyCoinBytecode,
    args: [operator, operator, moneyPerCoinPpm],
  });
  const coin = (await mined(c, coinTx, 'EnergyCoin deployment')).contractAddress;
  if (!coin) throw new Error(`EnergyCoin deployment (tx ${coinTx}) created no contract`);
  const marketTx = await c.walletClient.deployContract({
    abi: energyMarketAbi,
    bytecode: energyMarketBytecode,
    args: [coin, operator],
  });
  const market = (await mined(c, marketTx, 'EnergyMarket deployment')).contractAddress;
  if (!market) throw new Error(`EnergyMarket deployment (tx ${marketTx}) created no contract`);
  const linkTx = await c.walletClient.writeContract({
    address: coin,
    abi: energyCoinAbi,
    functionName: 'setMarket',
    args: [market],
  });
  await mined(c, linkTx, 'EnergyCoin.setMarket');
  return {
    chainId: c.chain.id,
    rpcUrl,
    contracts: { EnergyCoin: getAddress(coin), EnergyMarket: getAddress(market) },
  };
}

/** Where a deployer's first two transactions put the pair (its nonce 0 and 1). */
export function expectedAddresses(operator: Address, startNonce = 0n): PairAddresses {
  return {
    EnergyCoin: getContractAddress({ from: operator, nonce: startNonce }),
    EnergyMarket: getContractAddress({ from: operator, nonce: startNonce + 1n }),
  };
}

/** Whether `contracts` is a linked pair operated by `operator`; the reason when not. */
export async function checkPair(
  c: ChainClients,
  contracts: PairAddresses,
  operator: Address,
): Promise<
  { ok: true; householdCount: bigint; settledRounds: bigint } | { ok: false; reason: string }
> {
  const [coinCode, marketCode] = await Promise.all([
    c.publicClient.getCode({ address: contracts.EnergyCoin }),
    c.publicClient.getCode({ address: contracts.EnergyMarket }),
  ]);
  if (!coinCode || coinCode === '0x') return { ok: false, reason: 'EnergyCoin has no code' };
  if (!marketCode || marketCode === '0x') return { ok: false, reason: 'EnergyMarket has no code' };
  const market = { address: contracts.EnergyMarket, abi: energyMarketAbi } as const;
  const [linked, marketCoin, marketOperator, minter, householdCount, settledRounds] =
    await Promise.all([
      c.publicClient.readContract({
        address: contracts.EnergyCoin,
        abi: energyCoinAbi,
        functionName: 'market',
      }),
      c.publicClient.readContract({ ...market, functionName: 'coin' }),
      c.publicClient.readContract({ ...market, functionName: 'operator' }),
      c.publicClient.readContract({
        address: contracts.EnergyCoin,
        abi: energyCoinAbi,
        functionName: 'minter',
      }),
      c.publicClient.readContract({ ...market, functionName: 'householdCount' }),
      c.publicClient.readContract({ ...market, functionName: 'settledRounds' }),
    ]);
  const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  if (!same(linked, contracts.EnergyMarket) || !same(marketCoin, contracts.EnergyCoin)) {
    return { ok: false, reason: 'EnergyCoin and EnergyMarket are not linked to each other' };
  }
  if (!same(marketOperator, operator) || !same(minter, operator)) {
    return { ok: false, reason: `the pair is operated by ${marketOperator}, not ${operator}` };
  }
  return { ok: true, householdCount, settledRounds };
}

/** EnergyMarket's ABI plus the coin's errors, so a revert bubbling up from the coin decodes. */
export const settlementAbi = [
  ...energyMarketAbi,
  ...energyCoinAbi.filter((item) => item.type === 'error'),
] as const;
