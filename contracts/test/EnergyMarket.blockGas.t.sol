// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console} from "forge-std/console.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev What fits one transaction under Anvil's 30M block gas limit at the scenario's largest
/// size (1,000 households), and the marginal costs the settler needs to split work: per round,
/// per trade (with the coin write of each household it touches), per household update, per
/// registration. Every figure is a whole transaction (21k base, calldata, cold slots).
contract EnergyMarketBlockGasTest is Fixture {
    uint256 internal constant N = 1_000;
    uint256 internal constant BLOCK_GAS_LIMIT = 30_000_000;
    uint256 internal constant PRICE_MIN = 20_000;
    uint256 internal constant PRICE_MAX = 80_000;

    function setUp() public {
        _deploy(N);
    }

    /// @dev `count` updates of households 0..count-1, every field non-zero.
    function _updates(uint256 count) internal pure returns (uint256[] memory heads, uint256[] memory books) {
        heads = new uint256[](count);
        books = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            heads[i] = _head(i, 4_000 + i, 1_000_000 + i);
            books[i] = _books(-int96(int256(90_000 * (i + 1))), 2_000 + i, 1_800, 1_000, 500);
        }
    }

    /// @dev A chain of trades k+1 buys from k, with values that differ, so each of the
    /// count+1 households it touches has a non-zero net and a coin write.
    function _chain(uint256 count) internal pure returns (uint256[] memory trades) {
        trades = new uint256[](count);
        for (uint256 k; k < count; ++k) {
            trades[k] = _trade(k + 1, k, 100 * (1 + k % 7), PRICE_MIN + 1_000 * (k % 50));
        }
    }

    /// @dev `count` trades back and forth between households 0 and 1: no new balance after the first two.
    function _pingPong(uint256 count) internal pure returns (uint256[] memory trades) {
        trades = new uint256[](count);
        for (uint256 k; k < count; ++k) {
            trades[k] = k % 2 == 0 ? _trade(1, 0, 200, PRICE_MIN + k) : _trade(0, 1, 100, PRICE_MIN + k);
        }
    }

    function _emptyRounds(uint256 count, uint256 tradeCount) internal pure returns (uint256[] memory rounds) {
        rounds = new uint256[](count);
        for (uint256 r; r < count; ++r) {
            rounds[r] = _round(0, r == 0 ? tradeCount : 0, PRICE_MIN, PRICE_MAX);
        }
    }

    function _settleCold(
        uint256[] memory rounds,
        uint256[] memory trades,
        uint256[] memory heads,
        uint256[] memory books
    ) internal returns (uint256) {
        uint256 first = market.settledRounds();
        bytes memory data = abi.encodeCall(market.settle, (first, rounds, trades, heads, books));
        vm.cool(address(market));
        vm.cool(address(coin));
        vm.prank(operator);
        uint256 before = gasleft();
        market.settle(first, rounds, trades, heads, books);
        return _txGas(data, before - gasleft());
    }

    /// @dev The worst round 1,000 households can make: every household's books change and 999
    /// trades (one order each, so at most 999 matches) touch every coin balance. It is also the
    /// run's first settle, when the books are fresh.
    function test_gas_worstFirstRoundOfThousandHouseholdsFitsOneBlock() public {
        (uint256[] memory heads, uint256[] memory books) = _updates(N);
        uint256 total = _settleCold(_emptyRounds(1, N - 1), _chain(N - 1), heads, books);
        console.log("1,000 updates + 999 trades, one round, first settle: gas", total);
        assertEq(market.settledRounds(), 1);
        assertLt(total, BLOCK_GAS_LIMIT);
    }

    /// @dev Marginal costs for the settler's gas estimate; the bounds asserted are the ones
    /// to budget with (each measured figure sits below its bound).
    function test_gas_marginalCostsPerRoundTradeAndUpdate() public {
        uint256 snap = vm.snapshotState();
        uint256 base = _settleCold(_emptyRounds(1, 0), _none(), _none(), _none());
        vm.revertToState(snap);
        uint256 rounds720 = _settleCold(_emptyRounds(720, 0), _none(), _none(), _none());
        vm.revertToState(snap);
        (uint256[] memory heads, uint256[] memory books) = _updates(N);
        uint256 updates = _settleCold(_emptyRounds(1, 0), _none(), heads, books);
        vm.revertToState(snap);
        uint256 trades = _settleCold(_emptyRounds(1, N - 1), _chain(N - 1), _none(), _none());
        vm.revertToState(snap);
        uint256 repeated = _settleCold(_emptyRounds(1, N - 1), _pingPong(N - 1), _none(), _none());
        vm.revertToState(snap);
        uint256 updateOnly = _settleCold(_none(), _none(), heads, books);

        uint256 perRound = (rounds720 - base) / 719;
        uint256 perUpdate = (updates - base) / N;
        uint256 perTrade = (repeated - base) / (N - 1);
        uint256 perTouched = (trades - base) / (N - 1) - perTrade;
        console.log("settle call with one empty round: gas", base);
        console.log("per further round: gas", perRound);
        console.log("per household update: gas", perUpdate);
        console.log("per trade between households already touched: gas", perTrade);
        console.log("per household whose coin balance the call changes: gas", perTouched);
        console.log("update-only call of 1,000 households: gas", updateOnly);
        assertLt(base, 100_000);
        assertLt(perRound, 3_300);
        assertLt(perUpdate, 15_000);
        assertLt(perTrade, 4_500);
        assertLt(perTouched, 12_000);
        assertLt(updateOnly, BLOCK_GAS_LIMIT / 2);
    }

    /// @dev Registration mints each endowment and prepares the books: the settler registers
    /// 200 households per transaction.
    function test_gas_registeringTwoHundredHouseholdsFitsOneBlock() public {
        EnergyMarket fresh = new EnergyMarket(operator, RUN_ID, _config(N));
        uint256[] memory entries = new uint256[](200);
        for (uint256 i; i < 200; ++i) {
            entries[i] = _registration(makeAddr(string.concat("fresh", vm.toString(i))), i % 2 == 0);
        }
        bytes memory data = abi.encodeCall(fresh.registerHouseholds, (entries));
        vm.prank(operator);
        uint256 before = gasleft();
        fresh.registerHouseholds(entries);
        uint256 total = _txGas(data, before - gasleft());
        console.log("registering 200 households: gas", total);
        console.log("per household: gas", total / 200);
        assertEq(fresh.householdCount(), 200);
        assertLt(total, BLOCK_GAS_LIMIT);
    }
}
