// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev The operator's score for the participants' pages: an event only, so these tests check
/// who may post, that what is posted comes back as sent, and that malformed lists are refused.
contract EnergyMarketScoresTest is Fixture {
    function setUp() public {
        _deploy(4);
    }

    function _lists(uint256 n)
        internal
        pure
        returns (uint256[] memory households, int256[] memory you, int256[] memory agent)
    {
        households = new uint256[](n);
        you = new int256[](n);
        agent = new int256[](n);
    }

    function test_postScores_emitsWhatWasSent() public {
        (uint256[] memory h, int256[] memory you, int256[] memory agent) = _lists(2);
        h[0] = 1;
        h[1] = 3;
        you[0] = 2_000e6 + 150;
        you[1] = -42;
        agent[0] = 2_000e6;
        agent[1] = 7;
        vm.expectEmit(address(market));
        emit EnergyMarket.ScoresPosted(12, h, you, agent);
        vm.prank(operator);
        market.postScores(12, h, you, agent);
    }

    function testFuzz_postScores_onlyOperator(address caller) public {
        vm.assume(caller != operator);
        (uint256[] memory h, int256[] memory you, int256[] memory agent) = _lists(1);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, caller));
        vm.prank(caller);
        market.postScores(1, h, you, agent);
    }

    function test_postScores_revertsWhen_listsDiffer() public {
        (uint256[] memory h, int256[] memory you,) = _lists(2);
        int256[] memory shortAgent = new int256[](1);
        int256[] memory shortYou = new int256[](1);
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.LengthMismatch.selector, 2, 1));
        market.postScores(1, h, shortYou, you);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.LengthMismatch.selector, 2, 1));
        market.postScores(1, h, you, shortAgent);
        vm.stopPrank();
    }

    function test_postScores_revertsWhen_unknownHousehold() public {
        (uint256[] memory h, int256[] memory you, int256[] memory agent) = _lists(1);
        h[0] = 4;
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.UnknownHousehold.selector, 4, 4));
        vm.prank(operator);
        market.postScores(1, h, you, agent);
    }
}
