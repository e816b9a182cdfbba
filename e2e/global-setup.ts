/**
 * Brings up everything the specs need, on free ports: a fresh Anvil, the contracts built and
 * deployed to it, the app built and served by `vite preview` with a deployment.json that points
 * at that Anvil. Hands the URLs to the specs through the environment; the returned function
 * stops everything it started.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, startAnvil } from '../script/anvil';
import { startService, waitFor, type Service } from './processes';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const DIST = join(root, 'dist');

function run(label: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`[e2e] ${label} failed (exit ${r.status ?? r.signal})`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const services: Service[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of services.reverse()) await s.stop();
  };
  try {
    const anvil = await startAnvil();
    const rpcUrl = anvil.rpcUrl;
    services.push({ name: 'anvil', stop: () => anvil.stop() });

    run('contracts build', 'npm', ['run', '--silent', 'build:contracts']);
    run('app build', bin('vite'), ['build', '--logLevel', 'warn', '--outDir', DIST]);
    const deploymentPath = join(DIST, 'deployment.json');
    run('deploy', bin('tsx'), [
      join(root, 'script/deploy.ts'),
      '--rpc',
      rpcUrl,
      '--out',
      deploymentPath,
    ]);

    const webPort = await findFreePort();
    const baseUrl = `http://127.0.0.1:${webPort}`;
    services.push(
      startService(
        'vite preview',
        bin('vite'),
        [
          'preview',
          '--host',
          '127.0.0.1',
          '--port',
          String(webPort),
          '--strictPort',
          '--outDir',
          DIST,
        ],
        root,
      ),
    );
    await waitFor('vite preview', async () => (await fetch(`${baseUrl}/deployment.json`)).ok);

    process.env.E2E_BASE_URL = baseUrl;
    process.env.E2E_RPC_URL = rpcUrl;
    // Lets a spec freeze and thaw the node (SIGSTOP / SIGCONT) to prove settlement recovers.
    process.env.E2E_ANVIL_PID = String(anvil.process.pid);
    process.env.E2E_DEPLOYMENT = readFileSync(deploymentPath, 'utf8');
    return stopAll;
  } catch (e) {
    await stopAll();
    throw e;
  }
}
