/**
 * A test double for an unreliable node: a JSON-RPC proxy that can make the node unreachable on
 * demand, or lose answers. Node-only.
 * - 'pass': forward everything.
 * - 'refuse': drop every request unanswered (the node looks down).
 * - 'lose-send-answers': forward everything, but drop the answer to eth_sendRawTransaction, so a
 *   transaction lands on chain while its sender only sees an error (the case that tempts a
 *   double send).
 * - 'refuse-after-send': forward until one eth_sendRawTransaction was answered, then act as
 *   'refuse' (the node goes away while a transaction waits for its receipt).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyMode = 'pass' | 'refuse' | 'lose-send-answers' | 'refuse-after-send';

export interface RpcProxy {
  url: string;
  mode: ProxyMode;
  /** Transactions whose answer was dropped in 'lose-send-answers'. */
  lost: number;
  close(): Promise<void>;
}

export async function startRpcProxy(target: string): Promise<RpcProxy> {
  const t = new URL(target);
  const proxy: RpcProxy = {
    url: '',
    mode: 'pass',
    lost: 0,
    close: () => new Promise((r) => server.close(() => r())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (proxy.mode === 'refuse') {
        req.socket.destroy();
        return;
      }
      const body = Buffer.concat(chunks);
      const isSend = body.toString('utf8').includes('"eth_sendRawTransaction"');
      const lose = proxy.mode === 'lose-send-answers' && isSend;
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
          upRes.on('end', () => {
            if (lose) {
              proxy.lost++;
              req.socket.destroy();
              return;
            }
            if (proxy.mode === 'refuse-after-send' && isSend) proxy.mode = 'refuse';
            res.writeHead(upRes.statusCode ?? 502, { 'content-type': 'application/json' });
            res.end(Buffer.concat(out));
          });
        },
      );
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  });
  server.keepAliveTimeout = 1;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}
