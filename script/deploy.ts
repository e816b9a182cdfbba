/**
 * Deploys the default EnergyCoin/EnergyMarket pair and writes the Deployment JSON the app reads.
 *
 *   npx tsx script/deploy.ts --rpc http://127.0.0.1:8545 --out public/deployment.json
 *
 * Anvil (chain 31337): the operator is the dev mnemonic's account 0, so a fresh node always gets
 * the same addresses. Any other chain: OPERATOR_KEY must be set in the environment. When a linked
 * pair operated by this operator already has code (at the addresses in --out, or at the operator's
 * nonce-0/1 addresses), it is reused instead of deployed again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createPublicClient, http, type Hex } from 'viem';
import {
  ANVIL_CHAIN_ID,
  checkPair,
  createChainClients,
  deployContracts,
  devOperatorKey,
  expectedAddresses,
  parseDeployment,
  type Deployment,
} from '../src/chain';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readExisting(path: string): Deployment | null {
  try {
    return parseDeployment(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const rpcUrl = arg('rpc') ?? process.env.RPC_URL ?? 'http://127.0.0.1:8545';
  const out = arg('out') ?? 'public/deployment.json';
  const probe = createPublicClient({ transport: http(rpcUrl, { retryCount: 0 }) });
  const chainId = await probe.getChainId().catch((e: unknown) => {
    throw new Error(`--rpc ${rpcUrl}: no JSON-RPC node answers there (${String(e)})`);
  });
  const envKey = process.env.OPERATOR_KEY as Hex | undefined;
  if (chainId !== ANVIL_CHAIN_ID && !envKey) {
    throw new Error(`chainId ${chainId} is not Anvil: set OPERATOR_KEY in the environment`);
  }
  const operatorKey = envKey ?? devOperatorKey(chainId);
  const c = createChainClients({ rpcUrl, chainId, operatorKey });
  const operator = c.account.address;

  const candidates = [readExisting(out)?.contracts, expectedAddresses(operator)];
  let deployment: Deployment | null = null;
  for (const contracts of candidates) {
    if (!contracts) continue;
    const check = await checkPair(c, contracts, operator);
    if (check.ok) {
      deployment = { chainId, rpcUrl, contracts };
      console.log(`deploy: reusing the pair already on chain ${chainId}`);
      break;
    }
  }
  deployment ??= await deployContracts(c, rpcUrl);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(deployment, null, 2)}\n`);
  console.log(`deploy: chainId ${chainId}, rpc ${rpcUrl}`);
  console.log(`deploy: EnergyCoin   ${deployment.contracts.EnergyCoin}`);
  console.log(`deploy: EnergyMarket ${deployment.contracts.EnergyMarket}`);
  console.log(`deploy: wrote ${out}`);
}

main().catch((e: unknown) => {
  console.error(`deploy: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
