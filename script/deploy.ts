/**
 * Deploys a market for the dashboard's first run and writes the Deployment JSON the page reads.
 *
 *   npx tsx script/deploy.ts --rpc http://127.0.0.1:8545 --out public/deployment.json
 *
 * A market's parameters are fixed at deployment, so this one is made for the scenario the page
 * opens with (exp3, its price sliders' reach) and a fresh run id; the page's worker uses it while
 * its books are fresh and the scenario fits, and deploys its own otherwise. Anvil: the operator
 * is the dev mnemonic's account 0, so a fresh node always gets the same addresses. Any other
 * chain: OPERATOR_KEY must be set in the environment. When the market in --out is still fresh and
 * fits, it is reused instead of deployed again.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  deployMarket,
  livePriceReach,
  operatorKeyFor,
  parseDeployment,
  probeChainId,
  type Deployment,
} from '../src/chain';
import { resolveScenario } from '../src/engine';

/** The scenario the dashboard opens with (src/store/urlScenario.ts). */
const PAGE_SCENARIO = resolveScenario({ preset: 'exp3' });

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
    throw new Error(`--rpc ${rpcUrl}: ${(e as Error).message}`);
  });
  const operatorKey = operatorKeyFor(chainId, process.env.OPERATOR_KEY);
  const existing = readExisting(out);
  const { deployment, reused } = await deployMarket({
    rpcUrl,
    chainId,
    operatorKey,
    scenario: PAGE_SCENARIO,
    priceReach: livePriceReach(PAGE_SCENARIO),
    ...(existing ? { reuse: existing } : {}),
  });
  if (reused) console.log(`deploy: reusing the fresh market already on chain ${chainId}`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(deployment, null, 2)}\n`);
  console.log(`deploy: chainId ${chainId}, rpc ${rpcUrl}, run ${deployment.runId}`);
  console.log(`deploy: EnergyCoin   ${deployment.contracts.EnergyCoin}`);
  console.log(`deploy: EnergyMarket ${deployment.contracts.EnergyMarket}`);
  console.log(`deploy: wrote ${out}`);
}

main().catch((e: unknown) => {
  console.error(`deploy: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
