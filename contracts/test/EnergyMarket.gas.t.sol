// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console} from "forge-std/console.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev Whole-transaction gas of settle calls shaped like real runs: the figure reported is the
/// transaction's gas (21k base, calldata, execution with every slot cold) divided by its trades.
/// Rounds declare the live range of the page's default sliders (2..8 coins per 100 Wh).
contract EnergyMarketGasTest is Fixture {
    uint256 internal constant HOUSEHOLDS = 20;
    uint256 internal constant PRICE_MIN = 20_000;
    uint256 internal constant PRICE_MAX = 80_000;

    function setUp() public {
        _deploy(HOUSEHOLDS);
    }

    function _updates() internal pure returns (uint256[] memory heads, uint256[] memory deltas) {
        heads = new uint256[](HOUSEHOLDS);
        deltas = new uint256[](HOUSEHOLDS);
        for (uint256 i; i < HOUSEHOLDS; ++i) {
            heads[i] = _head(i, 4_000 + i * 100, 1_000_000 + i);
            deltas[i] = _books(-int96(int256(90_000 * (i + 1))), 2_000 * (i % 2), 18_000, 1_000, 500);
        }
    }

    /// @dev A dense day: 24 rounds of 8 trades each.
    function _day(uint256 firstRound) internal pure returns (uint256[] memory rounds, uint256[] memory trades) {
        rounds = new uint256[](24);
        trades = new uint256[](24 * 8);
        uint256 t;
        for (uint256 r; r < 24; ++r) {
            rounds[r] = _round(35_000, 8, PRICE_MIN, PRICE_MAX);
            for (uint256 k; k < 8; ++k) {
                uint256 seller = (2 * k + firstRound + r) % HOUSEHOLDS;
                uint256 buyer = (seller + 1 + k) % HOUSEHOLDS;
                trades[t++] = _trade(buyer, seller, 100 * (1 + k % 5), 30_000 + 1_000 * k);
            }
        }
    }

    /// @dev exp2's shape: 720 rounds (30 days) with 1,208 trades, about 1.7 per round.
    function _month() internal pure returns (uint256[] memory rounds, uint256[] memory trades) {
        uint256 roundCount = 720;
        uint256 tradeCount = 1_208;
        rounds = new uint256[](roundCount);
        trades = new uint256[](tradeCount);
        uint256 t;
        for (uint256 r; r < roundCount; ++r) {
            uint256 c = ((r + 1) * tradeCount) / roundCount - (r * tradeCount) / roundCount;
            rounds[r] = _round(50_000, c, PRICE_MIN, PRICE_MAX);
            for (uint256 k; k < c; ++k) {
                uint256 seller = (2 * k + r) % HOUSEHOLDS;
                uint256 buyer = (seller + 1 + 3 * k + r / 7) % HOUSEHOLDS;
                if (buyer == seller) buyer = (buyer + 1) % HOUSEHOLDS;
                trades[t++] = _trade(buyer, seller, 100 * (1 + (r + k) % 5), 20_000 + 10_000 * ((r + k) % 7));
            }
        }
    }

    /// @dev Settles with every slot cold, as a real transaction finds them; returns the whole
    /// transaction's gas.
    function _settleCold(uint256 first, uint256[] memory rounds, uint256[] memory trades) internal returns (uint256) {
        (uint256[] memory heads, uint256[] memory deltas) = _updates();
        bytes memory data = abi.encodeCall(market.settle, (first, rounds, trades, heads, deltas));
        vm.cool(address(market));
        vm.cool(address(coin));
        vm.prank(operator);
        uint256 before = gasleft();
        market.settle(first, rounds, trades, heads, deltas);
        uint256 execution = before - gasleft();
        uint256 total = _txGas(data, execution);
        console.log("settle: rounds", rounds.length);
        console.log("settle: trades", trades.length);
        console.log("settle: transaction gas", total);
        console.log("settle: gas per trade incl. 21k base and calldata", total / trades.length);
        return total;
    }

    function test_gas_settleDayOfTwentyHouseholdsUnder10kPerTrade() public {
        // A first day writes every household's books once, as every day of a run but the first finds them.
        (uint256[] memory r0, uint256[] memory t0) = _day(0);
        _settleCold(0, r0, t0);
        (uint256[] memory rounds, uint256[] memory trades) = _day(24);
        uint256 total = _settleCold(24, rounds, trades);
        assertEq(market.settledRounds(), 48);
        assertLt(total / trades.length, 10_000);
    }

    function test_gas_settleExp2MonthInOneCallUnder7kPerTrade() public {
        (uint256[] memory rounds, uint256[] memory trades) = _month();
        uint256 total = _settleCold(0, rounds, trades);
        assertEq(market.settledRounds(), 720);
        assertLt(total / trades.length, 7_000);
    }
}
