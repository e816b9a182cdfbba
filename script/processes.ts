import { spawn, type ChildProcess } from 'node:child_process';

export interface Service {
  readonly name: string;
  stop(): void | Promise<void>;
}

/** Starts a long-running process in its own process group, so stop() ends all it spawned. */
export function startService(
  name: string,
  cmd: string,
  args: string[],
  cwd: string,
): Service & { child: ChildProcess } {
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  let stopping = false;
  const keep = (d: Buffer): void => {
    log = (log + d.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', (code, signal) => {
    if (!stopping && code) console.error(`[stack] ${name} exited ${code ?? signal}:\n${log}`);
  });
  return {
    name,
    child,
    stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      stopping = true;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    },
  };
}

/** Polls until check() resolves true, or fails naming what never came up. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`[stack] ${what} did not come up within ${timeoutMs} ms`);
}
