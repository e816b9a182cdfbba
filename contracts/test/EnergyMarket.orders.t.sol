// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev People's orders on chain: the operator opens a round for people with a price range, a
/// deadline and per-household limits; a household's registered account submits one order; the
/// round settles only once closed, with trades that respect every order submitted for it.
contract EnergyMarketOrdersTest is Fixture {
    uint256 internal constant FLOOR = 10_000;
    uint256 internal constant CEILING = 300_000;
    uint256 internal constant MIN = 20_000;
    uint256 internal constant MAX = 80_000;
    uint8 internal constant BUY = 0;
    uint8 internal constant SELL = 1;
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        EnergyMarket.Config memory c = _config(4);
        c.priceFloorPerWh = FLOOR;
        c.priceCeilingPerWh = CEILING;
        _deploy(4, c);
        vm.warp(1_700_000_000);
    }

    /// @dev Households 0 and 1 get seats: 0 may buy up to 1,000 Wh, 1 may sell up to 800 Wh.
    function _seats() internal pure returns (uint256[] memory) {
        return _two(_limit(0, 1_000, 0), _limit(1, 0, 800));
    }

    function _open(uint256 round, uint256 deadline) internal {
        vm.prank(operator);
        market.openRound(round, MIN, MAX, deadline, _seats());
    }

    function _submit(uint256 who, uint256 round, uint8 side, uint256 amountWh, uint256 price) internal {
        vm.prank(accounts[who]);
        market.submitOrder(round, side, amountWh, price);
    }

    function _close(uint256 round) internal {
        vm.prank(operator);
        market.closeRound(round);
    }

    function _settleRound(uint256 round, uint256[] memory trades) internal {
        vm.prank(operator);
        market.settle(round, _one(_round(0, trades.length, MIN, MAX)), trades, _none(), _none());
    }

    function _mcafee(uint256 buyer, uint256 seller, uint256 energyWh, uint256 sellerPrice, uint256 buyerPrice)
        internal
        pure
        returns (uint256)
    {
        return _trade(buyer, seller, energyWh, sellerPrice) | (buyerPrice << 192);
    }

    // ---- openRound ----

    function test_openRound_emitsRangeDeadlineAndLimits() public {
        uint256 deadline = block.timestamp + 20;
        vm.expectEmit(address(market));
        emit EnergyMarket.RoundOpened(0, MIN, MAX, deadline, _seats());
        _open(0, deadline);
        EnergyMarket.RoundState memory r = market.roundState(0);
        assertTrue(r.opened);
        assertTrue(r.open);
        assertFalse(r.closed);
        assertEq(r.priceMinPerWh, MIN);
        assertEq(r.priceMaxPerWh, MAX);
        assertEq(r.deadline, deadline);
        assertEq(r.orders, 0);
        EnergyMarket.Order memory o = market.orderOf(0, 1);
        assertEq(o.maxBuyWh, 0);
        assertEq(o.maxSellWh, 800);
        assertFalse(o.submitted);
        (bool any, uint256 last) = market.lastOpenedRound();
        assertTrue(any);
        assertEq(last, 0);
        assertFalse(market.roundState(1).opened);
    }

    function testFuzz_openRound_rejectsEveryCallerButOperator(address caller) public {
        vm.assume(caller != operator);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, caller));
        market.openRound(0, MIN, MAX, 0, _seats());
    }

    function test_openRound_revertsWhen_roundAlreadySettled() public {
        _settleRound(0, _none());
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadySettled.selector, 0, 1));
        market.openRound(0, MIN, MAX, 0, _seats());
    }

    function test_openRound_revertsWhen_notAfterLastOpened() public {
        _open(3, 0);
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundOpenedOutOfOrder.selector, 3, 3));
        market.openRound(3, MIN, MAX, 0, _seats());
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundOpenedOutOfOrder.selector, 2, 3));
        market.openRound(2, MIN, MAX, 0, _seats());
        vm.stopPrank();
    }

    function test_openRound_closesTheRoundOpenedBefore() public {
        _open(0, 0);
        _submit(0, 0, BUY, 300, MAX);
        vm.expectEmit(address(market));
        emit EnergyMarket.RoundClosed(0, 1);
        _open(1, 0);
        assertTrue(market.roundState(0).closed);
        assertFalse(market.roundState(0).open);
        assertTrue(market.roundState(1).open);
    }

    function test_openRound_revertsWhen_rangeInvalid() public {
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidPriceRange.selector, MAX, MIN, FLOOR, CEILING));
        market.openRound(0, MAX, MIN, 0, _seats());
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidPriceRange.selector, FLOOR - 1, MAX, FLOOR, CEILING));
        market.openRound(0, FLOOR - 1, MAX, 0, _seats());
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.InvalidPriceRange.selector, MIN, CEILING + 1, FLOOR, CEILING)
        );
        market.openRound(0, MIN, CEILING + 1, 0, _seats());
        vm.stopPrank();
    }

    function test_openRound_revertsWhen_deadlineNotAhead() public {
        uint256 tooFar = uint256(type(uint40).max) + 1;
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidDeadline.selector, block.timestamp, block.timestamp));
        market.openRound(0, MIN, MAX, block.timestamp, _seats());
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidDeadline.selector, tooFar, block.timestamp));
        market.openRound(0, MIN, MAX, tooFar, _seats());
        vm.stopPrank();
    }

    function test_openRound_revertsWhen_limitsUnknownOrNotAscending() public {
        vm.startPrank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.UnknownHousehold.selector, 4, 4));
        market.openRound(0, MIN, MAX, 0, _one(_limit(4, 100, 100)));
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.LimitsNotAscending.selector, 1, 1));
        market.openRound(0, MIN, MAX, 0, _two(_limit(1, 100, 0), _limit(1, 0, 100)));
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.LimitsNotAscending.selector, 2, 0));
        market.openRound(0, MIN, MAX, 0, _two(_limit(2, 100, 0), _limit(0, 0, 100)));
        vm.stopPrank();
    }

    function test_openRound_closesRegistration() public {
        EnergyMarket.Config memory c = _config(5);
        market = new EnergyMarket(operator, RUN_ID, c);
        vm.startPrank(operator);
        market.registerHouseholds(_one(_registration(accounts[0], true)));
        market.openRound(0, 0, 10, 0, _none());
        vm.expectRevert(EnergyMarket.RegistrationClosed.selector);
        market.registerHouseholds(_one(_registration(accounts[1], true)));
        vm.stopPrank();
    }

    // ---- closeRound ----

    function test_closeRound_emitsOrderCount() public {
        _open(0, 0);
        _submit(0, 0, BUY, 300, MAX);
        _submit(1, 0, SELL, 800, MIN);
        vm.expectEmit(address(market));
        emit EnergyMarket.RoundClosed(0, 2);
        _close(0);
        EnergyMarket.RoundState memory r = market.roundState(0);
        assertTrue(r.closed);
        assertFalse(r.open);
        assertEq(r.orders, 2);
    }

    function test_closeRound_revertsWhen_neverOpenedOrAlreadyClosed() public {
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundNotOpen.selector, 0));
        market.closeRound(0);
        _open(0, 0);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadyClosed.selector, 0));
        market.closeRound(0);
        _open(1, 0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadyClosed.selector, 0));
        market.closeRound(0);
    }

    function testFuzz_closeRound_rejectsEveryCallerButOperator(address caller) public {
        vm.assume(caller != operator);
        _open(0, 0);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotOperator.selector, caller));
        market.closeRound(0);
        assertTrue(market.roundState(0).open);
    }

    // ---- submitOrder ----

    function test_submitOrder_recordsOrderAndEmits() public {
        _open(0, 0);
        vm.expectEmit(address(market));
        emit EnergyMarket.OrderSubmitted(0, 1, accounts[1], SELL, 800, 30_000);
        _submit(1, 0, SELL, 800, 30_000);
        EnergyMarket.Order memory o = market.orderOf(0, 1);
        assertTrue(o.submitted);
        assertEq(o.side, SELL);
        assertEq(o.amountWh, 800);
        assertEq(o.pricePerWh, 30_000);
        assertEq(o.maxSellWh, 800);
        assertEq(market.roundState(0).orders, 1);
        assertFalse(market.orderOf(0, 0).submitted);
    }

    function test_submitOrder_revertsWhen_notAHousehold() public {
        _open(0, 0);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotAHousehold.selector, stranger));
        market.submitOrder(0, BUY, 100, MIN);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.NotAHousehold.selector, operator));
        market.submitOrder(0, BUY, 100, MIN);
    }

    function test_submitOrder_revertsWhen_roundNeverOpened() public {
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundNotOpen.selector, 0));
        market.submitOrder(0, BUY, 100, MIN);
        _open(2, 0);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundNotOpen.selector, 3));
        market.submitOrder(3, BUY, 100, MIN);
    }

    function test_submitOrder_revertsWhen_roundClosed() public {
        _open(0, 0);
        _close(0);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadyClosed.selector, 0));
        market.submitOrder(0, BUY, 100, MIN);
        // A round left open is closed by opening the next one.
        _open(1, 0);
        _open(2, 0);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundAlreadyClosed.selector, 1));
        market.submitOrder(1, BUY, 100, MIN);
    }

    function test_submitOrder_acceptedUntilDeadlineAndRefusedAfter() public {
        uint256 deadline = block.timestamp + 20;
        _open(0, deadline);
        vm.warp(deadline);
        _submit(0, 0, BUY, 100, MIN);
        vm.warp(deadline + 1);
        assertFalse(market.roundState(0).open);
        vm.prank(accounts[1]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.DeadlinePassed.selector, 0, deadline));
        market.submitOrder(0, SELL, 100, MIN);
    }

    function test_submitOrder_revertsWhen_householdHasNoSeat() public {
        _open(0, 0);
        vm.prank(accounts[2]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.HouseholdNotInRound.selector, 0, 2));
        market.submitOrder(0, BUY, 100, MIN);
    }

    function test_submitOrder_revertsWhen_alreadySubmitted() public {
        _open(0, 0);
        _submit(0, 0, BUY, 100, MIN);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AlreadySubmitted.selector, 0, 0));
        market.submitOrder(0, BUY, 200, MAX);
        assertEq(market.orderOf(0, 0).amountWh, 100);
    }

    function test_submitOrder_revertsWhen_sideInvalid() public {
        _open(0, 0);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.InvalidSide.selector, 2));
        market.submitOrder(0, 2, 100, MIN);
    }

    function test_submitOrder_revertsWhen_amountZeroOrNotInSteps() public {
        _open(0, 0);
        vm.startPrank(accounts[0]);
        vm.expectRevert(EnergyMarket.ZeroAmount.selector);
        market.submitOrder(0, BUY, 0, MIN);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AmountNotMultipleOf100Wh.selector, 150));
        market.submitOrder(0, BUY, 150, MIN);
        vm.stopPrank();
    }

    function test_submitOrder_revertsWhen_amountOverSidesLimit() public {
        _open(0, 0);
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AmountOverLimit.selector, 1_100, 1_000));
        market.submitOrder(0, BUY, 1_100, MIN);
        // Household 0 may buy but not sell; household 1 the other way round.
        vm.prank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AmountOverLimit.selector, 100, 0));
        market.submitOrder(0, SELL, 100, MIN);
        vm.prank(accounts[1]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.AmountOverLimit.selector, 900, 800));
        market.submitOrder(0, SELL, 900, MIN);
    }

    function test_submitOrder_revertsWhen_priceOutOfRange() public {
        _open(0, 0);
        vm.startPrank(accounts[0]);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.PriceOutOfRange.selector, MIN - 1, MIN, MAX));
        market.submitOrder(0, BUY, 100, MIN - 1);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.PriceOutOfRange.selector, MAX + 1, MIN, MAX));
        market.submitOrder(0, BUY, 100, MAX + 1);
        vm.stopPrank();
    }

    function testFuzz_submitOrder_acceptedIffAmountAndPriceValid(uint256 amountWh, uint256 price) public {
        amountWh = bound(amountWh, 0, 2_000);
        price = bound(price, 0, CEILING);
        _open(0, 0);
        bool valid = amountWh != 0 && amountWh % 100 == 0 && amountWh <= 1_000 && price >= MIN && price <= MAX;
        vm.prank(accounts[0]);
        try market.submitOrder(0, BUY, amountWh, price) {
            assertTrue(valid, "an invalid order was accepted");
            assertEq(market.orderOf(0, 0).amountWh, amountWh);
            assertEq(market.orderOf(0, 0).pricePerWh, price);
        } catch {
            assertFalse(valid, "a valid order was refused");
            assertFalse(market.orderOf(0, 0).submitted);
        }
    }

    /// @dev Whoever calls, the order lands on the caller's own household or nowhere.
    function testFuzz_submitOrder_landsOnlyOnCallersOwnHousehold(uint256 who) public {
        who = bound(who, 0, 5);
        address caller = who < 4 ? accounts[who] : who == 4 ? operator : stranger;
        vm.prank(operator);
        market.openRound(
            0, MIN, MAX, 0, _four(_limit(0, 500, 500), _limit(1, 500, 500), _limit(2, 500, 500), _limit(3, 500, 500))
        );
        vm.prank(caller);
        try market.submitOrder(0, SELL, 200, MIN) {} catch {}
        for (uint256 i; i < 4; ++i) {
            assertEq(market.orderOf(0, i).submitted, i == who);
        }
        assertEq(market.roundState(0).orders, who < 4 ? 1 : 0);
    }

    // ---- settle of rounds opened for people ----

    function test_settle_revertsWhen_peopleRoundStillOpen() public {
        _open(0, block.timestamp + 20);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundStillOpen.selector, 0));
        market.settle(0, _one(_round(0, 0, MIN, MAX)), _none(), _none(), _none());
        // Opening round 5 closes round 0; rounds 0..4 settle, round 5 is still open.
        _open(5, 0);
        uint256[] memory rounds = new uint256[](6);
        for (uint256 r; r < 6; ++r) {
            rounds[r] = _round(0, 0, MIN, MAX);
        }
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundStillOpen.selector, 5));
        market.settle(0, rounds, _none(), _none(), _none());
    }

    function test_settle_recordsCloseOfRoundWhoseDeadlinePassed() public {
        uint256 deadline = block.timestamp + 20;
        _open(0, deadline);
        _submit(0, 0, BUY, 300, MAX);
        vm.warp(deadline + 1);
        vm.expectEmit(address(market));
        emit EnergyMarket.RoundClosed(0, 1);
        _settleRound(0, _none());
        assertTrue(market.roundState(0).closed);
    }

    function test_settle_revertsWhen_peopleRoundDeclaresAnotherRange() public {
        _open(0, 0);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundRangeMismatch.selector, 0, MIN, MAX, MIN, MAX - 1));
        market.settle(0, _one(_round(0, 0, MIN, MAX - 1)), _none(), _none(), _none());
    }

    function test_settle_acceptsTradesWithinOrders() public {
        _open(0, 0);
        _submit(0, 0, BUY, 500, 50_000);
        _submit(1, 0, SELL, 800, 40_000);
        _close(0);
        // Buyer 0 fills 500 Wh in two trades at or below its 50k bid; seller 1 sells 500 of its
        // 800 Wh at or above its 40k ask; household 2 (no order) buys from 3 anywhere in range.
        uint256[] memory trades = new uint256[](3);
        trades[0] = _trade(0, 1, 300, 45_000);
        trades[1] = _mcafee(0, 1, 200, 40_000, 50_000);
        trades[2] = _trade(2, 3, 100, MAX);
        _settleRound(0, trades);
        assertEq(coin.balanceOf(accounts[0]), INIT_COINS - 300 * 45_000 - 200 * 50_000);
        assertEq(coin.balanceOf(accounts[1]), INIT_COINS + 300 * 45_000 + 200 * 40_000);
        assertEq(coin.balanceOf(accounts[2]), INIT_COINS - 100 * MAX);
        assertEq(market.settledRounds(), 1);
    }

    function test_settle_revertsWhen_tradeOnOtherSideThanOrder() public {
        _open(0, 0);
        _submit(1, 0, SELL, 800, 40_000);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeBreaksOrder.selector, 0, 0, 1));
        market.settle(0, _one(_round(0, 1, MIN, MAX)), _one(_trade(1, 2, 100, 40_000)), _none(), _none());
    }

    function test_settle_revertsWhen_tradesExceedOrderAmount() public {
        _open(0, 0);
        _submit(0, 0, BUY, 500, 50_000);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeBreaksOrder.selector, 0, 1, 0));
        market.settle(
            0,
            _one(_round(0, 2, MIN, MAX)),
            _two(_trade(0, 2, 300, 40_000), _trade(0, 3, 300, 40_000)),
            _none(),
            _none()
        );
    }

    function test_settle_revertsWhen_buyerPaysAboveBid() public {
        _open(0, 0);
        _submit(0, 0, BUY, 500, 50_000);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeBreaksOrder.selector, 0, 0, 0));
        market.settle(0, _one(_round(0, 1, MIN, MAX)), _one(_mcafee(0, 2, 100, 40_000, 50_001)), _none(), _none());
    }

    function test_settle_revertsWhen_sellerReceivesBelowAsk() public {
        _open(0, 0);
        _submit(1, 0, SELL, 800, 40_000);
        _close(0);
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeBreaksOrder.selector, 0, 0, 1));
        market.settle(0, _one(_round(0, 1, MIN, MAX)), _one(_mcafee(2, 1, 100, 39_999, 45_000)), _none(), _none());
    }

    function test_settle_ordersBindOnlyTheirOwnRound() public {
        _open(0, 0);
        _submit(0, 0, BUY, 100, 30_000);
        _close(0);
        // Round 1 was not opened for people: household 0 may sell there, at any in-range price.
        uint256[] memory rounds = _two(_round(0, 1, MIN, MAX), _round(0, 1, MIN, MAX));
        uint256[] memory trades = _two(_trade(0, 1, 100, 30_000), _trade(2, 0, 900, MIN));
        vm.prank(operator);
        market.settle(0, rounds, trades, _none(), _none());
        assertEq(coin.balanceOf(accounts[0]), INIT_COINS - 100 * 30_000 + 900 * MIN);
    }

    /// @dev Round 300 is found among 512 rounds in one call (two words of the opened-rounds map).
    function test_settle_findsPeopleRoundDeepInsideALongBatch() public {
        _open(300, 0);
        _submit(0, 300, BUY, 100, 30_000);
        _close(300);
        uint256[] memory rounds = new uint256[](512);
        for (uint256 r; r < 512; ++r) {
            rounds[r] = _round(0, r == 300 ? 1 : 0, MIN, MAX);
        }
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.TradeBreaksOrder.selector, 300, 0, 0));
        market.settle(0, rounds, _one(_trade(0, 1, 200, 30_000)), _none(), _none());
        vm.prank(operator);
        market.settle(0, rounds, _one(_trade(0, 1, 100, 30_000)), _none(), _none());
        assertEq(market.settledRounds(), 512);
    }

    function testFuzz_settle_tradeAcceptedIffWithinBothOrders(
        uint256 bid,
        uint256 ask,
        uint256 energyWh,
        uint256 sellerPrice,
        uint256 buyerPrice
    ) public {
        bid = bound(bid, MIN, MAX);
        ask = bound(ask, MIN, MAX);
        energyWh = bound(energyWh, 1, 1_200);
        sellerPrice = bound(sellerPrice, MIN, MAX);
        buyerPrice = bound(buyerPrice, sellerPrice, MAX);
        _open(0, 0);
        _submit(0, 0, BUY, 1_000, bid);
        _submit(1, 0, SELL, 800, ask);
        _close(0);
        bool within = buyerPrice <= bid && sellerPrice >= ask && energyWh <= 800;
        uint256 w = _mcafee(0, 1, energyWh, sellerPrice, buyerPrice);
        vm.prank(operator);
        if (!within) vm.expectRevert();
        market.settle(0, _one(_round(0, 1, MIN, MAX)), _one(w), _none(), _none());
        assertEq(market.settledRounds(), within ? 1 : 0);
        assertEq(coin.balanceOf(accounts[0]), within ? INIT_COINS - energyWh * buyerPrice : INIT_COINS);
    }
}
