import { describe, expect, it } from 'vitest';
import { isJoinLink, joinQuery, parseJoinLink } from './joinLink';

const MARKET = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

describe('join link', () => {
  it('round-trips the market, RPC and chain id', () => {
    const q = joinQuery({ market: MARKET, rpcUrl: 'http://127.0.0.1:8545', chainId: 31337 });
    expect(isJoinLink(q)).toBe(true);
    expect(parseJoinLink(q)).toEqual({
      ok: true,
      link: { market: MARKET, rpcUrl: 'http://127.0.0.1:8545', chainId: 31337 },
    });
    expect(isJoinLink('?preset=exp3')).toBe(false);
  });

  it('names the loopback RPC by the host the page was reached under, for the other machines', () => {
    const link = { market: MARKET, rpcUrl: 'http://127.0.0.1:8545', chainId: 31337 } as const;
    const lan = parseJoinLink(joinQuery(link, '192.168.1.20'));
    expect(lan.ok && lan.link.rpcUrl).toBe('http://192.168.1.20:8545');
    const same = parseJoinLink(joinQuery(link, 'localhost'));
    expect(same.ok && same.link.rpcUrl).toBe('http://127.0.0.1:8545');
  });

  it('refuses a bad market, RPC or chain id, saying what is allowed', () => {
    expect(parseJoinLink('?join=0x12&rpc=http://x&chain=1')).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^join: got "0x12"; allowed: .*40 hex digits/),
    });
    expect(parseJoinLink(`?join=${MARKET}&rpc=ftp://x&chain=1`)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^rpc: got "ftp:\/\/x"; allowed: .*http/),
    });
    expect(parseJoinLink(`?join=${MARKET}&rpc=http://x:1&chain=-3`)).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/^chain: got "-3"; allowed: .*positive integer/),
    });
  });
});
