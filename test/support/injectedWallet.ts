/**
 * A test wallet: an EIP-1193 provider announced through EIP-6963, installed into the page before
 * any script runs. Reads go straight to the test's Anvil; signatures are made in Node with a
 * household's dev key (exposed to the page as one function), so the page talks to a wallet
 * exactly as it would to MetaMask.
 */
import type { Page } from '@playwright/test';
import { createWalletClient, http, type Hex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { foundry } from 'viem/chains';

/** Anvil's public dev mnemonic; household i uses HD index i + 1 (index 0 is the operator). */
const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export function householdAccount(index: number) {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index + 1 });
}

interface WalletRequest {
  method: string;
  params: unknown[];
}

/**
 * Installs the wallet for `household`. It starts on chain `startChainId` (like a MetaMask that is
 * still on mainnet) and knows only that chain until the page adds the local one.
 */
export async function installWallet(
  page: Page,
  rpcUrl: string,
  household: number,
  startChainId = 31337,
): Promise<`0x${string}`> {
  const account = householdAccount(household);
  const wallet = createWalletClient({ account, chain: foundry, transport: http(rpcUrl) });
  await page.exposeFunction('__e2eWalletSign', async ({ method, params }: WalletRequest) => {
    if (method === 'personal_sign')
      return account.signMessage({ message: { raw: params[0] as Hex } });
    if (method === 'eth_sendTransaction') {
      const tx = params[0] as { to: Hex; data?: Hex; value?: Hex };
      return wallet.sendTransaction({
        to: tx.to,
        data: tx.data,
        value: tx.value ? BigInt(tx.value) : undefined,
      });
    }
    throw new Error(`test wallet does not support ${method}`);
  });
  await page.addInitScript(
    ({ rpcUrl, address, startChainId }) => {
      type Listener = (...args: unknown[]) => void;
      const listeners = new Map<string, Set<Listener>>();
      const emit = (ev: string, ...args: unknown[]): void =>
        listeners.get(ev)?.forEach((fn) => fn(...args));
      let connected = false;
      let chainId = `0x${startChainId.toString(16)}`;
      const knownChains = new Set([chainId]);
      // This runs in the page; the Node-side tsconfig has no DOM types, so name what it uses.
      const w = globalThis as unknown as {
        __e2eWalletSign: (r: { method: string; params: unknown[] }) => Promise<unknown>;
        __e2eWatchedAssets: unknown[];
        dispatchEvent(e: unknown): boolean;
        addEventListener(type: string, fn: () => void): void;
        CustomEvent: new (type: string, init: { detail: unknown }) => unknown;
      };
      w.__e2eWatchedAssets = [];
      let id = 0;
      const forward = async (method: string, params: unknown[]): Promise<unknown> => {
        const res = await fetch(rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
        });
        const body = (await res.json()) as {
          result?: unknown;
          error?: { code: number; message: string };
        };
        if (body.error)
          throw Object.assign(new Error(body.error.message), { code: body.error.code });
        return body.result;
      };
      const provider = {
        async request({
          method,
          params = [],
        }: {
          method: string;
          params?: unknown[];
        }): Promise<unknown> {
          switch (method) {
            case 'eth_requestAccounts':
            case 'wallet_requestPermissions':
              connected = true;
              emit('accountsChanged', [address]);
              return method === 'eth_requestAccounts'
                ? [address]
                : [{ parentCapability: 'eth_accounts' }];
            case 'eth_accounts':
              // Empty until the page asks, as a real wallet does; otherwise wagmi reconnects on load.
              return connected ? [address] : [];
            case 'wallet_revokePermissions':
              connected = false;
              emit('accountsChanged', []);
              return null;
            case 'eth_chainId':
              return chainId;
            case 'wallet_addEthereumChain':
              // As MetaMask does: adding a chain also switches to it.
              chainId = (params[0] as { chainId: string }).chainId.toLowerCase();
              knownChains.add(chainId);
              emit('chainChanged', chainId);
              return null;
            case 'wallet_switchEthereumChain': {
              const next = (params[0] as { chainId: string }).chainId.toLowerCase();
              if (!knownChains.has(next)) {
                throw Object.assign(new Error(`Unrecognized chain ID ${next}`), { code: 4902 });
              }
              chainId = next;
              emit('chainChanged', chainId);
              return null;
            }
            case 'wallet_watchAsset':
              w.__e2eWatchedAssets.push(params);
              return true;
            case 'personal_sign':
            case 'eth_sendTransaction':
              return w.__e2eWalletSign({ method, params });
            default:
              return forward(method, params);
          }
        },
        on(ev: string, fn: Listener) {
          if (!listeners.has(ev)) listeners.set(ev, new Set());
          listeners.get(ev)?.add(fn);
        },
        removeListener(ev: string, fn: Listener) {
          listeners.get(ev)?.delete(fn);
        },
      };
      const info = {
        uuid: '6b1d6a2e-0c55-4d39-9d1e-3a3f3c1e0e01',
        name: 'E2E Household Wallet',
        icon: 'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" width="32" height="32"/%3E',
        rdns: 'dev.e2e.household-wallet',
      };
      const announce = (): void => {
        w.dispatchEvent(
          new w.CustomEvent('eip6963:announceProvider', {
            detail: Object.freeze({ info, provider }),
          }),
        );
      };
      w.addEventListener('eip6963:requestProvider', announce);
      announce();
    },
    { rpcUrl, address: account.address, startChainId },
  );
  return account.address;
}
