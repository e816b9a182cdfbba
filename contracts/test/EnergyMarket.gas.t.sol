// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console} from "forge-std/console.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev A day of a 20-household neighbourhood in one call: 24 rounds, 8 trades each, every
/// household updated. The figure reported is the whole transaction's gas divided by its trades.
contract EnergyMarketGasTest is Fixture {
    uint256 internal constant HOUSEHOLDS = 20;
    uint256 internal constant ROUNDS = 24;
    uint256 internal constant TRADES_PER_ROUND = 8;

    function setUp() public {
        _deploy(HOUSEHOLDS);
    }

    function _day(uint256 firstRound)
        internal
        pure
        returns (uint256[] memory rounds, uint256[] memory trades, uint256[] memory heads, uint256[] memory deltas)
    {
        rounds = new uint256[](ROUNDS);
        trades = new uint256[](ROUNDS * TRADES_PER_ROUND);
        heads = new uint256[](HOUSEHOLDS);
        deltas = new uint256[](HOUSEHOLDS);
        uint256 t;
        for (uint256 r; r < ROUNDS; ++r) {
            rounds[r] = _round(35_000, TRADES_PER_ROUND);
            for (uint256 k; k < TRADES_PER_ROUND; ++k) {
                uint256 seller = (2 * k + firstRound + r) % HOUSEHOLDS;
                uint256 buyer = (seller + 1 + k) % HOUSEHOLDS;
                trades[t++] = _trade(buyer, seller, 100 * (1 + k % 5), 30_000 + 1_000 * k);
            }
        }
        for (uint256 i; i < HOUSEHOLDS; ++i) {
            heads[i] = _head(i, 4_000 + i * 100, 1_000_000 + i);
            deltas[i] = _delta(-int96(int256(90_000 * (i + 1))), 2_000 * (i % 2), 18_000, 1_000, 500);
        }
    }

    function test_gas_settleDayOfTwentyHouseholdsUnder10kPerTrade() public {
        // A first day warms the slots, as every day after the first one of a run finds them.
        (uint256[] memory r0, uint256[] memory t0, uint256[] memory h0, uint256[] memory d0) = _day(0);
        vm.prank(operator);
        market.settle(0, r0, t0, h0, d0);

        (uint256[] memory rounds, uint256[] memory trades, uint256[] memory heads, uint256[] memory deltas) =
            _day(ROUNDS);
        bytes memory data = abi.encodeCall(market.settle, (ROUNDS, rounds, trades, heads, deltas));
        uint256 calldataGas;
        for (uint256 i; i < data.length; ++i) {
            calldataGas += data[i] == 0 ? 4 : 16;
        }
        // A real transaction finds every slot cold.
        vm.cool(address(market));
        vm.cool(address(coin));
        vm.prank(operator);
        uint256 before = gasleft();
        market.settle(ROUNDS, rounds, trades, heads, deltas);
        uint256 execution = before - gasleft();
        uint256 perTrade = (21_000 + calldataGas + execution) / trades.length;
        console.log("settle: trades", trades.length);
        console.log("settle: execution gas", execution);
        console.log("settle: calldata gas", calldataGas);
        console.log("settle: gas per trade incl. 21k base and calldata", perTrade);
        assertEq(market.settledRounds(), 2 * ROUNDS);
        assertLt(perTrade, 10_000);
    }
}
