import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startAnvil, type AnvilHandle } from '../../script/anvil';
import { loadDeployment } from './deployment';

const contracts = {
  EnergyCoin: '0xa16E02E87b7454126E5E10d957A927A7F5B5d2be',
  EnergyMarket: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
};
const runId = `0x${'5a'.repeat(32)}`;

let anvil: AnvilHandle;
let server: Server;
let base: string;
/** What the file server answers for /deployment.json. */
let answer: { status: number; type: string; body: string };

beforeAll(async () => {
  anvil = await startAnvil();
  const port = await findFreePort();
  server = createServer((_, res) => {
    res.writeHead(answer.status, { 'content-type': answer.type });
    res.end(answer.body);
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await anvil?.stop();
  await new Promise((r) => server?.close(r));
});

const serve = (body: unknown, status = 200, type = 'application/json') => {
  answer = { status, type, body: typeof body === 'string' ? body : JSON.stringify(body) };
};
const load = () => loadDeployment(`${base}/deployment.json`);

describe('loadDeployment', () => {
  it('accepts a deployment whose RPC serves the chain it claims', async () => {
    const d = { chainId: 31337, rpcUrl: anvil.rpcUrl, runId, contracts };
    serve(d);
    expect(await load()).toEqual({ ok: true, deployment: d });
  });

  it('says what is wrong: no file, a bad field, another chain, a silent RPC', async () => {
    serve('<!doctype html>', 200, 'text/html');
    expect(await load()).toMatchObject({ ok: false, problem: /^No deployment found/ });
    serve({ chainId: 'x', rpcUrl: anvil.rpcUrl, runId, contracts });
    expect(await load()).toEqual({
      ok: false,
      problem: `${base}/deployment.json: chainId must be a positive integer, got "x"`,
    });
    serve({ chainId: 1, rpcUrl: anvil.rpcUrl, runId, contracts });
    expect(await load()).toEqual({
      ok: false,
      problem: `The RPC at ${anvil.rpcUrl} is chain 31337, but the deployment is for chain 1.`,
    });
    const silent = `http://127.0.0.1:${await findFreePort()}`;
    serve({ chainId: 31337, rpcUrl: silent, runId, contracts });
    const r = await load();
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(
      new RegExp(
        `^The chain RPC at ${silent} is not answering \\(.*HTTP request failed.*\\)\\. Start it`,
      ),
    );
  });
});
