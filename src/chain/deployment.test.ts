import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort, startAnvil, type AnvilHandle } from '../../script/anvil';
import { ANVIL_CHAIN_ID } from './chain';
import { parseDeployment, probeChainId } from './deployment';
import { ChainFailure } from './errors';

const good = {
  chainId: 31337,
  rpcUrl: 'http://127.0.0.1:8545',
  runId: `0x${'ab'.repeat(32)}`,
  contracts: {
    EnergyCoin: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    EnergyMarket: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512',
  },
};

describe('parseDeployment', () => {
  it('returns exactly the deployment fields of a good file', () => {
    expect(parseDeployment({ ...good, note: 'ignored' })).toEqual(good);
  });

  it('names the source, the field, the value as given and what is allowed', () => {
    const bad = (over: Record<string, unknown>) => () =>
      parseDeployment({ ...good, ...over }, 'public/deployment.json');
    expect(bad({ chainId: '31337' })).toThrow(
      'public/deployment.json: chainId must be a positive integer, got "31337"',
    );
    expect(bad({ chainId: 0 })).toThrow(/chainId must be a positive integer, got 0/);
    expect(bad({ rpcUrl: 'ws://x' })).toThrow(/rpcUrl must be an http\(s\) URL, got "ws:\/\/x"/);
    expect(bad({ runId: `0x${'00'.repeat(32)}` })).toThrow(
      /runId must be 0x and 64 hex digits, not all zero, got "0x0000/,
    );
    expect(bad({ runId: undefined })).toThrow(/runId must be .*, got nothing/);
    expect(bad({ runId: `0x${'00'.repeat(32)}` })).toThrow(
      /runId must be 0x and 64 hex digits, not all zero, got "0x0000/,
    );
    expect(bad({ runId: undefined })).toThrow(/runId must be .*, got nothing/);
    expect(bad({ contracts: { EnergyCoin: good.contracts.EnergyCoin } })).toThrow(
      /contracts\.EnergyMarket must be a 0x address, got nothing/,
    );
    expect(bad({ contracts: { ...good.contracts, EnergyCoin: '0x12' } })).toThrow(
      /contracts\.EnergyCoin must be a 0x address, got "0x12"/,
    );
    expect(() => parseDeployment([], 'd.json')).toThrow(/d\.json: expected an object/);
    expect(() => parseDeployment(null)).toThrow(/deployment: expected an object.*got null/);
  });
});

describe('probeChainId', () => {
  let anvil: AnvilHandle;
  let html: Server;
  let htmlUrl: string;
  let json: Server;
  let jsonUrl: string;
  beforeAll(async () => {
    anvil = await startAnvil();
    const port = await findFreePort();
    html = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><p>not a node</p>');
    });
    await new Promise<void>((r) => html.listen(port, '127.0.0.1', r));
    htmlUrl = `http://127.0.0.1:${port}`;
    // A JSON server that is no RPC: it answers every POST with an object without `result`.
    const jsonPort = await findFreePort();
    json = createServer((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"hello":"world"}');
    });
    await new Promise<void>((r) => json.listen(jsonPort, '127.0.0.1', r));
    jsonUrl = `http://127.0.0.1:${jsonPort}`;
  });
  afterAll(async () => {
    await anvil?.stop();
    await new Promise((r) => html?.close(r));
    await new Promise((r) => json?.close(r));
  });

  it('reads the chain id a real node serves', async () => {
    expect(await probeChainId(anvil.rpcUrl)).toBe(ANVIL_CHAIN_ID);
  });

  it('sorts what answers: nothing (transient), a page or JSON that is no RPC (permanent)', async () => {
    const port = await findFreePort();
    const refused = await probeChainId(`http://127.0.0.1:${port}`, 1_000).catch((e: Error) => e);
    expect(refused).toBeInstanceOf(ChainFailure);
    expect(refused).toMatchObject({ kind: 'transient', code: 'unreachable' });
    expect((refused as Error).message).toMatch(/is unreachable: HTTP request failed/);
    expect((refused as Error).message).not.toMatch(/\n/);
    for (const url of [htmlUrl, jsonUrl]) {
      const notNode = await probeChainId(url, 1_000).catch((e: Error) => e);
      expect(notNode).toMatchObject({ kind: 'permanent', code: 'not-rpc' });
      expect((notNode as Error).message).toMatch(/not an Ethereum JSON-RPC/);
      expect((notNode as Error).message).not.toMatch(/BigInt|\n/);
    }
  });
});
