// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {EnergyCoin} from "../../src/EnergyCoin.sol";
import {EnergyMarket} from "../../src/EnergyMarket.sol";

/// @dev Deploys a market (which creates its coin) with `n` registered households, each endowed
/// with INIT_COINS, and packs calldata words exactly as src/chain/codec.ts does.
abstract contract Fixture is Test {
    EnergyCoin internal coin;
    EnergyMarket internal market;
    address internal operator = makeAddr("operator");
    address[] internal accounts;
    uint256 internal constant INIT_COINS = 2000e6;
    bytes32 internal constant RUN_ID = keccak256("fixture run");
    uint256 internal constant RATE_PPM = 1_000_000;

    function _config(uint256 n) internal pure returns (EnergyMarket.Config memory) {
        return EnergyMarket.Config({
            households: n,
            endowment: INIT_COINS,
            priceFloorPerWh: 0,
            priceCeilingPerWh: type(uint64).max,
            moneyPerCoinPpm: RATE_PPM
        });
    }

    function _deploy(uint256 n) internal {
        _deploy(n, n);
    }

    /// @dev A market for `capacity` households with the first `n` registered.
    function _deploy(uint256 n, uint256 capacity) internal {
        _deploy(n, _config(capacity));
    }

    /// @dev A market with `config` and its first `n` households registered.
    function _deploy(uint256 n, EnergyMarket.Config memory config) internal {
        market = new EnergyMarket(operator, RUN_ID, config);
        coin = market.coin();
        uint256[] memory entries = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            address a = makeAddr(string.concat("household", vm.toString(i)));
            accounts.push(a);
            entries[i] = _registration(a, i % 2 == 0);
        }
        vm.prank(operator);
        market.registerHouseholds(entries);
    }

    function _registration(address a, bool hasPv) internal pure returns (uint256) {
        return uint256(uint160(a)) | (hasPv ? 1 << 160 : 0);
    }

    function _trade(uint256 buyer, uint256 seller, uint256 energyWh, uint256 pricePerWh)
        internal
        pure
        returns (uint256)
    {
        return buyer | (seller << 32) | (energyWh << 64) | (pricePerWh << 128);
    }

    /// @dev A round whose live range is the fixture market's whole hard range.
    function _round(uint256 pricePerWh, uint256 tradeCount) internal pure returns (uint256) {
        return _round(pricePerWh, tradeCount, 0, type(uint64).max);
    }

    function _round(uint256 pricePerWh, uint256 tradeCount, uint256 priceMin, uint256 priceMax)
        internal
        pure
        returns (uint256)
    {
        return pricePerWh | (tradeCount << 64) | (priceMin << 96) | (priceMax << 160);
    }

    function _head(uint256 index, uint256 batteryWh, uint256 loyaltyPpm) internal pure returns (uint256) {
        return index | (batteryWh << 32) | (loyaltyPpm << 72);
    }

    /// @dev A household's cumulative books word (settle's `updateBooks`).
    function _books(int96 money, uint256 produced, uint256 consumed, uint256 imp, uint256 exp)
        internal
        pure
        returns (uint256)
    {
        return uint256(uint96(money)) | (produced << 96) | (consumed << 136) | (imp << 176) | (exp << 216);
    }

    function _one(uint256 w) internal pure returns (uint256[] memory a) {
        a = new uint256[](1);
        a[0] = w;
    }

    function _two(uint256 x, uint256 y) internal pure returns (uint256[] memory a) {
        a = new uint256[](2);
        a[0] = x;
        a[1] = y;
    }

    function _four(uint256 w, uint256 x, uint256 y, uint256 z) internal pure returns (uint256[] memory a) {
        a = new uint256[](4);
        a[0] = w;
        a[1] = x;
        a[2] = y;
        a[3] = z;
    }

    /// @dev A household's seat in a round opened for people (openRound's `limits`).
    function _limit(uint256 index, uint256 maxBuyWh, uint256 maxSellWh) internal pure returns (uint256) {
        return index | (maxBuyWh << 32) | (maxSellWh << 72);
    }

    function _none() internal pure returns (uint256[] memory a) {
        a = new uint256[](0);
    }

    /// @dev A transaction's gas: the 21k base, calldata at 4 gas per zero byte and 16 per other
    /// byte (settle's execution is far above EIP-7623's calldata floor), and `execution`.
    function _txGas(bytes memory data, uint256 execution) internal pure returns (uint256 total) {
        total = 21_000 + execution;
        for (uint256 i; i < data.length; ++i) {
            total += data[i] == 0 ? 4 : 16;
        }
    }

    /// @dev Settles the next round with one trade and no household updates.
    function _settleOneTrade(uint256 buyer, uint256 seller, uint256 energyWh, uint256 price) internal {
        uint256 next = market.settledRounds();
        vm.prank(operator);
        market.settle(next, _one(_round(price, 1)), _one(_trade(buyer, seller, energyWh, price)), _none(), _none());
    }
}
