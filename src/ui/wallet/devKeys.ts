import { ANVIL_CHAIN_ID, householdPrivateKey } from '../../chain';

/** A household's public dev key for importing into MetaMask; only ever for the local chain. */
export function devHouseholdKey(index: number): string {
  return householdPrivateKey(index, ANVIL_CHAIN_ID);
}
