import { createPublicClient, http, type Address } from 'viem';
import { afterAll, describe, expect, it } from 'vitest';
import { householdAccounts, householdHdIndex } from '../src/chain';
import { CLASS_ACCOUNTS, startAnvil, type AnvilHandle } from './anvil';

const started: AnvilHandle[] = [];
afterAll(async () => {
  for (const a of started) await a.stop();
});

async function chain(accounts?: number) {
  const anvil = await startAnvil(accounts === undefined ? {} : { accounts });
  started.push(anvil);
  const client = createPublicClient({ transport: http(anvil.rpcUrl) });
  // eth_accounts is a wallet method: ask the node directly for the accounts it funded.
  const res = await fetch(anvil.rpcUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_accounts', params: [] }),
  });
  const funded = ((await res.json()) as { result: Address[] }).result;
  return { client, funded };
}

describe('startAnvil accounts', () => {
  it('funds the operator and 1,000 households with CLASS_ACCOUNTS; the default ten stop at household 8', async () => {
    const household9 = householdAccounts(10)[9]!.address;
    const big = await chain(CLASS_ACCOUNTS);
    expect(big.funded).toHaveLength(CLASS_ACCOUNTS);
    // Anvil's account k is the dev mnemonic's HD index k: household 9's own account is funded.
    expect(big.funded[householdHdIndex(9)]?.toLowerCase()).toBe(household9.toLowerCase());
    expect(await big.client.getBalance({ address: household9 })).toBeGreaterThan(0n);
    const last = big.funded[householdHdIndex(999)] as Address;
    expect(await big.client.getBalance({ address: last })).toBeGreaterThan(0n);

    // Without it household 9 could pay no gas for an order.
    const small = await chain();
    expect(small.funded).toHaveLength(10);
    expect(await small.client.getBalance({ address: household9 })).toBe(0n);
  });
});
