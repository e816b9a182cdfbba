// TEMPORARY until src/chain lands: replaced by a re-export of the generated ABIs.
import { parseAbi } from 'viem';

export const marketAbi = parseAbi([
  'struct Household { address account; bool hasPv; uint40 batteryWh; uint48 loyaltyPpm; int96 moneyBalance; uint40 producedWh; uint40 consumedWh; uint40 gridImportWh; uint40 gridExportWh; }',
  'function household(uint256 index) view returns (Household h)',
  'function indexOf(address account) view returns (uint256)',
  'function coin() view returns (address)',
  'function settledRounds() view returns (uint256)',
  'event Trade(uint256 indexed round, uint256 buyer, uint256 seller, uint256 energyWh, uint256 pricePerWh)',
]);
export const coinAbi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function symbol() view returns (string)',
  'function decimals() view returns (uint8)',
]);
