/**
 * A real Anvil node for the Vitest files that settle on a chain: one node per file, started
 * before its first test and stopped after its last, so files running in parallel never share
 * a chain's nonces or blocks.
 */
import { afterAll, beforeAll } from 'vitest';
import { startAnvil, type AnvilHandle } from '../../script/anvil';

/** Registers this file's node; call the answer inside a test to reach it. */
export function anvilForThisFile(): () => AnvilHandle {
  let anvil: AnvilHandle | undefined;
  beforeAll(async () => {
    anvil = await startAnvil();
  });
  afterAll(async () => {
    await anvil?.stop();
  });
  return () => {
    if (!anvil) throw new Error('the Anvil node is not up: reach it inside a test, not at load');
    return anvil;
  };
}

/** Polls a synchronous condition every 20 ms; fails naming what never happened. */
export async function waitUntil(cond: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
