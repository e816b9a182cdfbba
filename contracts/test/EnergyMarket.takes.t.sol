// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev Participants on chain: a household's own account takes it over from its agent and hands
/// it back (the host learns who plays from these events alone), and the operator moves an open
/// round's deadline (the host's pause and resume), which every participant's countdown reads.
contract EnergyMarketTakesTest is Fixture {
    uint256 internal constant MIN = 20_000;
    uint256 internal constant MAX = 80_000;

    function setUp() public {
        _deploy(4);
        vm.warp(1_700_000_000);
    }

    function _open(uint256 round, uint256 deadline) internal {
        uint256[] memory limits = new uint256[](1);
        limits[0] = 1 | (uint256(1_000) << 32) | (uint256(800) << 72);
        vm.prank(operator);
        market.openRound(round, MIN, MAX, deadline, limits);
    }

    // ---- takeHousehold / releaseHousehold ----

    function test_take_marksOwnHouseholdAndEmits() public {
        vm.expectEmit(address(market));
        emit EnergyMarket.HouseholdTaken(2, accounts[2]);
        vm.prank(accounts[2]);
        market.takeHousehold();
        assertTrue(market.taken(2));
        assertFalse(market.taken(1));
    }

    function test_take_revertsWhen_alreadyTaken() public {
        vm.startPrank(accounts[1]);
        market.takeHousehold();
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.HouseholdAlreadyTaken.selector, 1));
        market.takeHousehold();
        vm.stopPrank();
    }

    function test_release_handsBackAndEmits_thenTakesAgain() public {
        vm.startPrank(accounts[3]);
        market.takeHousehold();
        vm.expectEmit(address(market));
        emit EnergyMarket.HouseholdReleased(3, accounts[3]);
        market.releaseHousehold();
        assertFalse(market.taken(3));
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.HouseholdNotTaken.selector, 3));
        market.releaseHousehold();
        market.takeHousehold();
        assertTrue(market.taken(3));
        vm.stopPrank();
    }

    function testFuzz_take_onlyByAHouseholdsOwnAccount(address caller) public {
        for (uint256 i; i < accounts.length; ++i) {
            vm.assume(caller != accounts[i]);
        }
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotAHousehold.selector, caller));
        market.takeHousehold();
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotAHousehold.selector, caller));
        market.releaseHousehold();
    }

    function testFuzz_take_touchesOnlyTheCallersHousehold(uint256 who) public {
        who = bound(who, 0, accounts.length - 1);
        vm.prank(accounts[who]);
        market.takeHousehold();
        for (uint256 i; i < accounts.length; ++i) {
            assertEq(market.taken(i), i == who);
        }
    }

    function test_take_changesNoRoundOrBooks() public {
        _open(0, 0);
        vm.prank(accounts[2]);
        market.takeHousehold();
        // A seat comes only from the operator's next openRound: household 2 has none in round 0.
        vm.prank(accounts[2]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.HouseholdNotInRound.selector, 0, 2));
        market.submitOrder(0, 0, 100, MIN);
        assertEq(coin.balanceOf(accounts[2]), INIT_COINS);
    }

    // ---- setDeadline ----

    function test_setDeadline_movesTheCountdownAndEmits() public {
        _open(0, block.timestamp + 20);
        vm.expectEmit(address(market));
        emit EnergyMarket.DeadlineSet(0, 0);
        vm.prank(operator);
        market.setDeadline(0, 0);
        // Paused: no deadline, so an order long after the first one is still taken.
        vm.warp(block.timestamp + 1_000);
        assertTrue(market.roundState(0).open);
        uint256 resumed = block.timestamp + 5;
        vm.prank(operator);
        market.setDeadline(0, resumed);
        assertEq(market.roundState(0).deadline, resumed);
        vm.warp(resumed + 1);
        vm.prank(accounts[1]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.DeadlinePassed.selector, 0, resumed));
        market.submitOrder(0, 1, 100, MIN);
    }

    function test_setDeadline_keepsRangeAndOrders() public {
        _open(0, 0);
        vm.prank(accounts[1]);
        market.submitOrder(0, 1, 100, MIN);
        vm.prank(operator);
        market.setDeadline(0, block.timestamp + 9);
        EnergyMarket.RoundState memory r = market.roundState(0);
        assertEq(r.priceMinPerWh, MIN);
        assertEq(r.priceMaxPerWh, MAX);
        assertEq(r.orders, 1);
        assertTrue(market.orderOf(0, 1).submitted);
    }

    function test_setDeadline_revertsWhen_notOpenOrClosedOrNotAhead() public {
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundNotOpen.selector, 0));
        market.setDeadline(0, 0);
        vm.stopPrank();
        _open(0, 0);
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidDeadline.selector, block.timestamp, block.timestamp));
        market.setDeadline(0, block.timestamp);
        market.closeRound(0);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadyClosed.selector, 0));
        market.setDeadline(0, 0);
        vm.stopPrank();
    }

    function testFuzz_setDeadline_rejectsEveryCallerButOperator(address caller) public {
        vm.assume(caller != operator);
        _open(0, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, caller));
        market.setDeadline(0, 0);
    }
}
