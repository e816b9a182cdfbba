/**
 * Brings the stack up for the specs (script/stack.ts) and hands its URLs to them through the
 * environment; the returned function stops everything it started.
 */
import { startStack } from '../script/stack';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  process.env.E2E_BASE_URL = stack.baseUrl;
  process.env.E2E_RPC_URL = stack.rpcUrl;
  // Lets a spec freeze and thaw the node (SIGSTOP / SIGCONT) to prove settlement recovers.
  process.env.E2E_ANVIL_PID = String(stack.anvilPid);
  process.env.E2E_DEPLOYMENT = stack.deployment;
  return () => stack.stop();
}
