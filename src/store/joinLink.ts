/**
 * The join link a host hands a class (docs/CLASSROOM.md): the chain (RPC URL and chain id) and
 * the run's market, nothing else. A participant's page opened from it follows that market from
 * the chain's events alone; it starts no engine and no worker.
 */

export interface JoinLink {
  readonly market: `0x${string}`;
  readonly rpcUrl: string;
  readonly chainId: number;
}

export type ParsedJoin =
  { readonly ok: true; readonly link: JoinLink } | { readonly ok: false; readonly problem: string };

/** True when the page was opened from a join link (it carries `join`). */
export function isJoinLink(search: string): boolean {
  return new URLSearchParams(search).has('join');
}

/** The link's market, RPC and chain id, or what is wrong with them and what is allowed. */
export function parseJoinLink(search: string): ParsedJoin {
  const q = new URLSearchParams(search);
  const market = q.get('join') ?? '';
  if (!/^0x[0-9a-fA-F]{40}$/.test(market)) {
    return {
      ok: false,
      problem: `join: got "${market}"; allowed: the market's address, 0x and 40 hex digits`,
    };
  }
  const rpcUrl = q.get('rpc') ?? '';
  const url = URL.canParse(rpcUrl) ? new URL(rpcUrl) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return {
      ok: false,
      problem: `rpc: got "${rpcUrl}"; allowed: the chain's http:// or https:// RPC URL`,
    };
  }
  const chainText = q.get('chain') ?? '';
  const chainId = Number(chainText);
  if (!/^\d+$/.test(chainText) || !Number.isSafeInteger(chainId) || chainId < 1) {
    return {
      ok: false,
      problem: `chain: got "${chainText}"; allowed: the chain id, a positive integer (Anvil's is 31337)`,
    };
  }
  return { ok: true, link: { market: market as `0x${string}`, rpcUrl, chainId } };
}

/**
 * The query of a join link. A loopback RPC (127.0.0.1, localhost) is only reachable from the
 * host's own machine: when the page itself was reached under another name, the RPC is given
 * under that name too, so a link copied on a LAN works on the other machines.
 */
export function joinQuery(link: JoinLink, pageHost?: string): string {
  let rpc = link.rpcUrl;
  const loopback = (h: string) => h === '127.0.0.1' || h === 'localhost' || h === '[::1]';
  try {
    const u = new URL(rpc);
    if (pageHost && loopback(u.hostname) && !loopback(pageHost)) {
      u.hostname = pageHost;
      rpc = u.toString().replace(/\/$/, '');
    }
  } catch {
    // Not a URL: written as given, and the participant's page says what is wrong with it.
  }
  const q = new URLSearchParams({ join: link.market, rpc, chain: String(link.chainId) });
  return `?${q.toString()}`;
}
