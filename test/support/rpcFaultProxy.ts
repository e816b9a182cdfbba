/**
 * A test double for an unreliable node: a JSON-RPC proxy in front of a real Anvil that can make
 * the node unreachable, lose answers or requests, swap the node behind the same URL (a restart
 * without state, another run's chain), or roll the node back. Node-only.
 *
 * Modes (`mode`):
 * - 'pass': forward everything.
 * - 'refuse': drop every request unanswered (the node looks down).
 * - 'lose-send-answers': forward everything, but drop the answer to eth_sendRawTransaction, so a
 *   transaction lands on chain while its sender only sees an error (the case that tempts a
 *   double send).
 * - 'refuse-after-send': forward until one eth_sendRawTransaction was answered, then act as
 *   'refuse' (the node goes away while a transaction waits for its receipt).
 *
 * Besides the mode:
 * - `drops`: one-off faults for requests that match (by method, or by the 4-byte selector of the
 *   call's data): the request is dropped before the node sees it, or its answer after;
 * - `afterSends(n, action)`: runs `action` once the n-th eth_sendRawTransaction was answered, before
 *   anything else is forwarded (switch `target`, roll back, refuse from then on).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'lose-send-answers' | 'refuse-after-send';

/** What a one-off drop matches: a JSON-RPC method, optionally a call's 4-byte selector. */
export interface DropRule {
  method: string;
  /** 0x and 8 hex digits: matches eth_call / eth_estimateGas / raw transactions holding it. */
  selector?: string;
  /** 'request': the node never sees it; 'answer': the node does, the caller gets no answer. */
  phase: 'request' | 'answer';
  /** How many matching requests to drop (then the rule is spent). */
  times: number;
}

export interface RpcProxy {
  url: string;
  mode: ProxyMode;
  /** Where requests go; change it to swap the node behind the same URL. */
  target: string;
  drops: DropRule[];
  /** Transactions whose answer was dropped in 'lose-send-answers'. */
  lost: number;
  /** eth_sendRawTransaction requests answered so far. */
  sends: number;
  /** Every request forwarded or dropped, by method. */
  seen: Map<string, number>;
  /** Runs `action` once, right after the n-th eth_sendRawTransaction is answered. */
  afterSends(n: number, action: () => Promise<void> | void): void;
  close(): Promise<void>;
}

/** One JSON-RPC call to `url` (for the proxy's own actions and the tests' setup). */
export async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

function matches(rule: DropRule, method: string, text: string): boolean {
  if (rule.times <= 0 || rule.method !== method) return false;
  return (
    rule.selector === undefined || text.toLowerCase().includes(rule.selector.slice(2).toLowerCase())
  );
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const pending: { n: number; action: () => Promise<void> | void }[] = [];
  let gate: Promise<void> = Promise.resolve();
  const proxy: RpcProxy = {
    url: '',
    mode: 'pass',
    target,
    drops: [],
    lost: 0,
    sends: 0,
    seen: new Map(),
    afterSends(n, action) {
      pending.push({ n, action });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
  const forward = (body: Buffer, done: (status: number, out: Buffer | null) => void): void => {
    const t = new URL(proxy.target);
    const up = request(
      {
        host: t.hostname,
        port: t.port,
        path: t.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (upRes) => {
        const out: Buffer[] = [];
        upRes.on('data', (c: Buffer) => out.push(c));
        upRes.on('end', () => done(upRes.statusCode ?? 502, Buffer.concat(out)));
      },
    );
    up.on('error', () => done(502, null));
    up.end(body);
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // Requests wait while an afterSends action runs, so none reaches the node half-way.
      void gate.then(() => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        let method = '';
        try {
          method = (JSON.parse(text) as { method?: string }).method ?? '';
        } catch {
          // not JSON: forwarded as is
        }
        proxy.seen.set(method, (proxy.seen.get(method) ?? 0) + 1);
        if (proxy.mode === 'refuse') {
          req.socket.destroy();
          return;
        }
        const rule = proxy.drops.find((r) => matches(r, method, text));
        if (rule) rule.times--;
        if (rule?.phase === 'request') {
          req.socket.destroy();
          return;
        }
        const isSend = method === 'eth_sendRawTransaction';
        const lose = rule?.phase === 'answer' || (proxy.mode === 'lose-send-answers' && isSend);
        forward(body, (status, out) => {
          if (out === null) {
            req.socket.destroy();
            return;
          }
          if (isSend) proxy.sends++;
          const due = isSend ? pending.filter((p) => p.n === proxy.sends) : [];
          if (due.length > 0) {
            gate = (async () => {
              for (const p of due) {
                pending.splice(pending.indexOf(p), 1);
                await p.action();
              }
            })();
          }
          if (lose) {
            if (proxy.mode === 'lose-send-answers' && isSend) proxy.lost++;
            req.socket.destroy();
            return;
          }
          if (proxy.mode === 'refuse-after-send' && isSend) proxy.mode = 'refuse';
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(out);
        });
      });
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
