/**
 * Deploys the default EnergyCoin/EnergyMarket pair and writes the Deployment JSON the app reads.
 *
 *   npx tsx script/deploy.ts --rpc http://127.0.0.1:8545 --out public/deployment.json
 *
 * Anvil: the operator is the dev mnemonic's account 0, so a fresh node always gets the same
 * addresses. Any other chain: OPERATOR_KEY must be set in the environment. When a linked pair
 * operated by this operator already has code (at the addresses in --out, or at the operator's
 * nonce-0/1 addresses), it is reused instead of deployed again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  checkPair,
  createChainClients,
  deployContracts,
  expectedAddresses,
  operatorKeyFor,
  parseDeployment,
  probeChainId,
  type Deployment,
} from '../src/chain';

function readExisting(path: string): Deployment | null {
  try {
    return parseDeployment(JSON.parse(readFileSync(path, 'utf8')), path);
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { rpc: { type: 'string' }, out: { type: 'string' } },
    strict: true,
  });
  const rpcUrl = values.rpc ?? process.env.RPC_URL ?? 'http://127.0.0.1:8545';
  const out = values.out ?? 'public/deployment.json';
  const chainId = await probeChainId(rpcUrl).catch((e: unknown) => {
    throw new Error(`--rpc ${rpcUrl}: no JSON-RPC node answers there (${(e as Error).message})`);
  });
  const operatorKey = operatorKeyFor(chainId, process.env.OPERATOR_KEY);
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
