/**
 * `npm start`: one command from a fresh clone to a running DApp.
 * Starts (or reuses) a local Anvil, builds and deploys the contracts, writes the deployment the
 * page reads, and serves the dashboard with Vite. Ctrl-C stops everything this script started.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ANVIL_CHAIN_ID as CHAIN_ID, parseDeployment, probeChainId } from '../src/chain';
import { CLASS_ACCOUNTS, startAnvil } from './anvil';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const anvilPort = Number(process.env.ANVIL_PORT ?? 8545);
const webPort = Number(process.env.PORT ?? 5173);
// WEB_HOST=0.0.0.0 serves the page to the LAN too, for a class (docs/CLASSROOM.md); loopback by default.
const webHost = process.env.WEB_HOST ?? '127.0.0.1';
const rpcUrl = `http://127.0.0.1:${anvilPort}`;

const stoppers: Array<() => void> = [];
function stopAll(code: number): never {
  for (const stop of stoppers.reverse()) {
    try {
      stop();
    } catch {
      // already gone
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));

function fail(message: string): never {
  console.error(`\n✗ ${message}`);
  stopAll(1);
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** What answers on the port: a chain id, or a description of why it is not a usable chain. */
async function probeChain(url: string): Promise<{ chainId: number } | { problem: string }> {
  try {
    return { chainId: await probeChainId(url, 2_000) };
  } catch (e) {
    return { problem: `it does not answer eth_chainId (${(e as Error).message})` };
  }
}

function runStep(label: string, cmd: string, args: string[]): void {
  console.log(`• ${label}…`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`${label} failed (exit ${r.status ?? r.signal}).`);
}

async function main(): Promise<void> {
  if (await portIsFree(anvilPort)) {
    console.log(`• starting Anvil on ${rpcUrl} (chain id ${CHAIN_ID})…`);
    // Every household up to 1,000 gets ETH, so a person can trade as any of them from MetaMask.
    const anvil = await startAnvil({ port: anvilPort, accounts: CLASS_ACCOUNTS });
    stoppers.push(() => anvil.stop());
  } else {
    const probe = await probeChain(rpcUrl);
    if ('problem' in probe) {
      fail(
        `Port ${anvilPort} is taken, and ${probe.problem}. Stop whatever holds it, or run with ANVIL_PORT=<free port>.`,
      );
    }
    if (probe.chainId !== CHAIN_ID) {
      fail(
        `Port ${anvilPort} serves a chain with id ${probe.chainId}, not the local Anvil chain ${CHAIN_ID}. ` +
          'Stop it, or run with ANVIL_PORT=<free port>.',
      );
    }
    console.log(`• reusing the chain already on ${rpcUrl} (chain id ${CHAIN_ID})`);
  }

  runStep('building contracts (forge) and generating ABIs', 'npm', [
    'run',
    '--silent',
    'build:contracts',
  ]);
  const deploymentPath = join(root, 'public', 'deployment.json');
  runStep('deploying contracts', bin('tsx'), [
    join(root, 'script', 'deploy.ts'),
    '--rpc',
    rpcUrl,
    '--out',
    deploymentPath,
  ]);
  const deployment = parseDeployment(
    JSON.parse(readFileSync(deploymentPath, 'utf8')),
    deploymentPath,
  );

  if (!(await portIsFree(webPort))) {
    fail(`Port ${webPort} is taken. Run with PORT=<free port> to serve the dashboard elsewhere.`);
  }
  const vite: ChildProcess = spawn(
    bin('vite'),
    ['--port', String(webPort), '--strictPort', '--host', webHost],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    },
  );
  stoppers.push(() => {
    if (vite.pid) process.kill(-vite.pid, 'SIGTERM');
  });
  vite.on('exit', (code) => fail(`the Vite server stopped (exit ${code}).`));

  const url = `http://127.0.0.1:${webPort}/`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }

  console.log(`
  Dashboard     ${url}
  RPC URL       ${rpcUrl}   (chain id ${CHAIN_ID})
  EnergyCoin    ${deployment.contracts.EnergyCoin}
  EnergyMarket  ${deployment.contracts.EnergyMarket}   (run ${deployment.runId.slice(0, 10)}…)

  MetaMask: Settings → Networks → Add a network manually:
    Network name "Anvil (local)", RPC URL ${rpcUrl}, chain ID ${CHAIN_ID}, currency symbol ETH.
  Then import a household's key (shown in the dashboard's wallet guide; the dev keys are public,
  never use them on a real network).

  Press Ctrl-C to stop Anvil and the server.
`);
}

main().catch((e: unknown) => fail((e as Error).stack ?? String(e)));
