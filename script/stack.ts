/**
 * The whole stack on free ports, for the e2e suite and the page benchmark: a fresh Anvil, the
 * contracts built and deployed to it, the app built and served by `vite preview` with a
 * deployment.json that points at that Anvil. Port 8545 and public/deployment.json are never
 * touched, so a running `npm start` is left alone.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLASS_ACCOUNTS, findFreePort, startAnvil } from './anvil';
import { startService, waitFor, type Service } from './processes';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);
const DIST = join(root, 'dist');

function run(label: string, cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`[stack] ${label} failed (exit ${r.status ?? r.signal})`);
}

export interface Stack {
  /** Where `vite preview` serves the built app. */
  readonly baseUrl: string;
  readonly rpcUrl: string;
  /** Anvil's pid, so a test can freeze and thaw the node (SIGSTOP / SIGCONT). */
  readonly anvilPid: number;
  /** The deployment.json the app was served with, as text. */
  readonly deployment: string;
  /** Stops everything the stack started, last first. */
  stop(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  const services: Service[] = [];
  const stopAll = async (): Promise<void> => {
    for (const s of services.reverse()) await s.stop();
  };
  try {
    // Participants' specs order from households past the first nine (Anvil's default ten).
    const anvil = await startAnvil({ accounts: CLASS_ACCOUNTS });
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

    return {
      baseUrl,
      rpcUrl,
      anvilPid: anvil.process.pid ?? 0,
      deployment: readFileSync(deploymentPath, 'utf8'),
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
