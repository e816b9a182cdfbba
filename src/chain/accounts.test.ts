import { describe, expect, it } from 'vitest';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import {
  DEV_MNEMONIC,
  devOperatorKey,
  householdAccounts,
  householdHdIndex,
  householdPrivateKey,
  KeyRefusedError,
  operatorKeyFor,
  PUBLIC_DEV_KEYS,
} from './accounts';

describe('dev accounts', () => {
  it('derive household i from HD index i + 1 of the dev mnemonic', () => {
    const list = householdAccounts(3);
    list.forEach(({ index, address }) => {
      expect(address).toBe(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index + 1 }).address);
    });
    expect(list.map((a) => a.index)).toEqual([0, 1, 2]);
    // The dashboard's household 3 is the mnemonic's account 4 (what the page and README say).
    expect(householdHdIndex(3)).toBe(4);
    expect(privateKeyToAccount(householdPrivateKey(3, 31337)).address).toBe(
      mnemonicToAccount(DEV_MNEMONIC, { addressIndex: 4 }).address,
    );
  });

  it('give the operator HD index 0, Anvil account 0', () => {
    expect(devOperatorKey(31337)).toBe(
      '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80',
    );
    expect(householdPrivateKey(0, 31337)).toBe(
      '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d',
    );
  });

  it('refuse dev keys on any chain but Anvil', () => {
    expect(() => devOperatorKey(1)).toThrow(/only allowed on chain 31337, got chainId 1/);
    expect(() => householdPrivateKey(0, 11155111)).toThrow(/chainId 11155111/);
  });
});

describe('operatorKeyFor', () => {
  const key = `0x${'ab'.repeat(32)}`;

  it('takes the given key on any chain and the dev key only on Anvil', () => {
    expect(operatorKeyFor(1, key)).toBe(key);
    expect(operatorKeyFor(31337, undefined)).toBe(devOperatorKey(31337));
    expect(operatorKeyFor(31337, '')).toBe(devOperatorKey(31337));
    expect(() => operatorKeyFor(10, undefined)).toThrow(
      'chain 10 is not Anvil (31337): set OPERATOR_KEY in the environment',
    );
  });

  it('refuses every key known to be public off Anvil, whichever account it is, up to the stated bound', () => {
    const derived = (i: number) => {
      const k = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i }).getHdKey().privateKey;
      return `0x${Buffer.from(k as Uint8Array).toString('hex')}`;
    };
    expect(() => operatorKeyFor(1337, devOperatorKey(31337))).toThrow(
      'OPERATOR_KEY is account 0 of the public dev mnemonic (anyone can sign with it): refused on chain 1337, where only Anvil (31337) may use dev keys; set a key of your own',
    );
    expect(() =>
      operatorKeyFor(1, householdPrivateKey(4, 31337).toUpperCase().replace('0X', '0x')),
    ).toThrow(/account 5 of the public dev mnemonic/);
    expect(() => operatorKeyFor(1, derived(PUBLIC_DEV_KEYS - 1))).toThrow(
      new RegExp(`account ${PUBLIC_DEV_KEYS - 1} of the public dev mnemonic`),
    );
    // Past the bound a derived key is not known to be public (the bound is stated, not infinite).
    expect(operatorKeyFor(1, derived(PUBLIC_DEV_KEYS))).toBe(derived(PUBLIC_DEV_KEYS));
    expect(() => operatorKeyFor(1, devOperatorKey(31337))).toThrow(KeyRefusedError);
    // On Anvil itself the dev keys are what it runs on.
    expect(operatorKeyFor(31337, devOperatorKey(31337))).toBe(devOperatorKey(31337));
  });

  it('refuses a malformed key without printing it', () => {
    const bad = '0xsecret-but-wrong';
    expect(() => operatorKeyFor(31337, bad)).toThrow(
      /OPERATOR_KEY: expected 0x and 64 hex digits, got 18 characters \(value not shown\)/,
    );
    expect(() => operatorKeyFor(31337, bad)).not.toThrow(/secret/);
  });
});
