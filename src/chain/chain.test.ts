import { describe, expect, it } from 'vitest';
import { ANVIL_CHAIN_ID, chainFor } from './chain';

describe('chainFor', () => {
  it('names Anvil for a wallet and any other chain by its id', () => {
    const anvil = chainFor(ANVIL_CHAIN_ID, 'http://127.0.0.1:8545');
    expect(anvil).toMatchObject({
      id: 31337,
      name: 'Anvil (local energy market)',
      nativeCurrency: { symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: ['http://127.0.0.1:8545'] } },
    });
    expect(chainFor(11155111, 'https://rpc.example.org').name).toBe('Energy market chain 11155111');
  });
});
