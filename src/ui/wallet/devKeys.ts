// TEMPORARY until src/chain/accounts lands.
import { toHex } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';

const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export function devHouseholdKey(index: number): string {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index + 1 }).getHdKey().privateKey;
  return key ? toHex(key) : '';
}
