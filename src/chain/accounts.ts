/**
 * Household and operator accounts. On Anvil every household is an account of its own derived
 * from the public dev mnemonic (HD index 1..N), so a user can import a household's key into
 * MetaMask; the operator is index 0, which no household uses. These keys are public: use them
 * only on Anvil (ANVIL_CHAIN_ID).
 */
import { bytesToHex, hexToBytes, type Address, type Hex } from 'viem';
import { HDKey, privateKeyToAccount } from 'viem/accounts';
import { ANVIL_CHAIN_ID } from './chain';
export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';
/** BIP-39 seed of DEV_MNEMONIC (no passphrase); precomputed because PBKDF2 costs ~50 ms a call. */
const DEV_SEED: Hex =
  '0x9dfc3c64c2f8bede1533b6a79f8570e5943e0b8fd1cf77107adf7b72cef42185d564a3aee24cab43f80e3c4538087d70fc824eabbad596a23c97b6ee8322ccc0';

let master: HDKey | null = null;
const cache = new Map<number, { address: Address; privateKey: Hex }>();

function devAccount(hdIndex: number): { address: Address; privateKey: Hex } {
  let hit = cache.get(hdIndex);
  if (!hit) {
    master ??= HDKey.fromMasterSeed(hexToBytes(DEV_SEED));
    const key = master.derive(`m/44'/60'/0'/0/${hdIndex}`).privateKey;
    if (!key) throw new Error(`cannot derive dev key at HD index ${hdIndex}`);
    const privateKey = bytesToHex(key);
    hit = { address: privateKeyToAccount(privateKey).address, privateKey };
    cache.set(hdIndex, hit);
  }
  return hit;
}

/**
 * The dev mnemonic's HD index of household i (0-based): i + 1, as index 0 is the operator's.
 * The one place the mapping lives; the page's MetaMask guide and the README say the same.
 */
export const householdHdIndex = (household: number): number => household + 1;

/** Household i (0-based) uses HD index i + 1 of the dev mnemonic. */
export function householdAccounts(count: number): { index: number; address: Address }[] {
  if (!Number.isInteger(count) || count < 0) {
    throw new RangeError(`householdAccounts: count must be a non-negative integer, got ${count}`);
  }
  return Array.from({ length: count }, (_, index) => ({
    index,
    address: devAccount(householdHdIndex(index)).address,
  }));
}

function requireAnvil(chainId: number, what: string): void {
  if (chainId !== ANVIL_CHAIN_ID) {
    throw new KeyRefusedError(
      `${what}: dev keys are public and only allowed on chain ${ANVIL_CHAIN_ID}, got chainId ${chainId}`,
    );
  }
}

/** A household's dev private key (for importing into MetaMask); Anvil only. */
export function householdPrivateKey(index: number, chainId: number): Hex {
  requireAnvil(chainId, 'householdPrivateKey');
  return devAccount(householdHdIndex(index)).privateKey;
}

/** The operator's dev key (HD index 0); Anvil only. Other chains take the key from the env. */
export function devOperatorKey(chainId: number): Hex {
  requireAnvil(chainId, 'devOperatorKey');
  return devAccount(0).privateKey;
}

/**
 * How many of the dev mnemonic's accounts count as public keys: HD index 0 .. 1,999 (Anvil's and
 * Hardhat's default accounts, our operator and every household up to 1,000, with room to spare).
 */
export const PUBLIC_DEV_KEYS = 2_000;

let publicKeys: Map<string, number> | null = null;

/**
 * The HD index of `key` if it is one of the dev mnemonic's first PUBLIC_DEV_KEYS keys, else null.
 * Derives them once (about 0.7 s), only when a key has to be checked off Anvil.
 */
export function publicDevKeyIndex(key: string): number | null {
  if (!publicKeys) {
    master ??= HDKey.fromMasterSeed(hexToBytes(DEV_SEED));
    const parent = master.derive(`m/44'/60'/0'/0`);
    publicKeys = new Map();
    for (let i = 0; i < PUBLIC_DEV_KEYS; i++) {
      const k = parent.deriveChild(i).privateKey;
      if (k) publicKeys.set(bytesToHex(k), i);
    }
  }
  return publicKeys.get(key.toLowerCase()) ?? null;
}

/** A key refused for the chain it was meant for: bad input (the CLI's exit code 2). */
export class KeyRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyRefusedError';
  }
}

/**
 * The operator key for `chainId`: `given` (from OPERATOR_KEY) when set, else the dev key, which
 * only Anvil accepts. Off Anvil a key known to be public (the dev mnemonic's first
 * PUBLIC_DEV_KEYS accounts) is refused whichever way it came. The key itself never appears in an
 * error.
 */
export function operatorKeyFor(chainId: number, given: string | undefined): Hex {
  if (given === undefined || given === '') {
    if (chainId !== ANVIL_CHAIN_ID) {
      throw new KeyRefusedError(
        `chain ${chainId} is not Anvil (${ANVIL_CHAIN_ID}): set OPERATOR_KEY in the environment`,
      );
    }
    return devOperatorKey(chainId);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(given)) {
    throw new KeyRefusedError(
      `OPERATOR_KEY: expected 0x and 64 hex digits, got ${given.length} characters (value not shown)`,
    );
  }
  if (chainId !== ANVIL_CHAIN_ID) {
    const index = publicDevKeyIndex(given);
    if (index !== null) {
      throw new KeyRefusedError(
        `OPERATOR_KEY is account ${index} of the public dev mnemonic (anyone can sign with it): refused on chain ${chainId}, where only Anvil (${ANVIL_CHAIN_ID}) may use dev keys; set a key of your own`,
      );
    }
  }
  return given as Hex;
}
