/**
 * What the page knows about the chain, learnt from /deployment.json written at start. The file is
 * parsed and its RPC probed by the chain layer; this module only says what a failure means here.
 */
import { parseDeployment, probeChainId, type Deployment } from '../chain';

export type DeploymentResult =
  | { readonly ok: true; readonly deployment: Deployment }
  | {
      readonly ok: false;
      readonly problem: string;
      /** True when only the chain did not answer: it may come back, so asking again is worth it. */
      readonly retry?: boolean;
    };

/** How often the page asks a chain that did not answer again. */
export const RETRY_CHAIN_MS = 3_000;

/** Loads the deployment and checks its RPC answers with the chain id it claims. */
export async function loadDeployment(url = '/deployment.json'): Promise<DeploymentResult> {
  let json: unknown;
  try {
    // (As RequestInit: Node's types, which the unit test compiles against, lack `cache`.)
    const res = await fetch(url, { cache: 'no-store' } as RequestInit);
    // A dev server answers a missing file with its index.html (200, text/html): same meaning.
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) {
      return {
        ok: false,
        problem: `No deployment found (${url} answered ${res.status}). Run \`npm start\` to start a chain and deploy.`,
      };
    }
    json = await res.json();
  } catch (e) {
    return { ok: false, problem: `Could not read ${url}: ${(e as Error).message}` };
  }
  let d: Deployment;
  try {
    d = parseDeployment(json, url);
  } catch (e) {
    return { ok: false, problem: (e as Error).message };
  }
  let id: number;
  try {
    id = await probeChainId(d.rpcUrl, 3_000);
  } catch (e) {
    return {
      ok: false,
      problem: `The chain RPC at ${d.rpcUrl} is not answering (${(e as Error).message}). Start it with \`npm start\`; the page asks again every ${RETRY_CHAIN_MS / 1000} s and settles the run from its first hour once it answers.`,
      retry: true,
    };
  }
  if (id !== d.chainId) {
    return {
      ok: false,
      problem: `The RPC at ${d.rpcUrl} is chain ${id}, but the deployment is for chain ${d.chainId}.`,
    };
  }
  return { ok: true, deployment: d };
}
