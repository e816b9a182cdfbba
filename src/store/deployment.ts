/** What the page knows about the chain, learnt from /deployment.json written at start. */
export interface PageDeployment {
  readonly chainId: number;
  readonly rpcUrl: string;
  readonly contracts: { readonly EnergyCoin: `0x${string}`; readonly EnergyMarket: `0x${string}` };
}

export type DeploymentResult =
  | { readonly ok: true; readonly deployment: PageDeployment }
  | { readonly ok: false; readonly problem: string };

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function parse(json: unknown): PageDeployment | string {
  if (typeof json !== 'object' || json === null) return 'deployment.json is not an object';
  const o = json as Record<string, unknown>;
  const c = o.contracts as Record<string, unknown> | undefined;
  if (typeof o.chainId !== 'number')
    return `deployment.json chainId is ${String(o.chainId)}, expected a number`;
  if (typeof o.rpcUrl !== 'string')
    return `deployment.json rpcUrl is ${String(o.rpcUrl)}, expected a URL`;
  for (const name of ['EnergyCoin', 'EnergyMarket'] as const) {
    const a = c?.[name];
    if (typeof a !== 'string' || !ADDRESS.test(a)) {
      return `deployment.json contracts.${name} is ${String(a)}, expected a 0x address`;
    }
  }
  return json as PageDeployment;
}

async function rpcChainId(url: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
    signal: AbortSignal.timeout(3000),
  });
  const body = (await res.json()) as { result?: unknown };
  if (typeof body.result !== 'string') throw new Error('no eth_chainId result');
  return Number(BigInt(body.result));
}

/** Loads the deployment and checks its RPC answers with the chain id it claims. */
export async function loadDeployment(url = '/deployment.json'): Promise<DeploymentResult> {
  let json: unknown;
  try {
    const res = await fetch(url, { cache: 'no-store' });
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
  const d = parse(json);
  if (typeof d === 'string') return { ok: false, problem: d };
  try {
    const id = await rpcChainId(d.rpcUrl);
    if (id !== d.chainId) {
      return {
        ok: false,
        problem: `The RPC at ${d.rpcUrl} is chain ${id}, but the deployment is for chain ${d.chainId}.`,
      };
    }
  } catch (e) {
    return {
      ok: false,
      problem: `The chain RPC at ${d.rpcUrl} is not answering (${(e as Error).message}). Start it with \`npm start\`.`,
    };
  }
  return { ok: true, deployment: d };
}
