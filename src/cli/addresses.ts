/**
 * Household wallet addresses for the CLI's output: the Anvil dev mnemonic, HD index 1..N
 * (index 0 is the operator), the same derivation the chain layer uses.
 */
import { mnemonicToAccount } from 'viem/accounts';

export const DEV_MNEMONIC = 'test test test test test test test test test test test junk';

export function householdAddresses(count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    out.push(mnemonicToAccount(DEV_MNEMONIC, { addressIndex: i + 1 }).address);
  }
  return out;
}
