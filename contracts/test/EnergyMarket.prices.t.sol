// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev Prices on chain: the market's hard range fixed at deployment, each round's live range
/// declared in its settle word, and every trade's two prices checked against its round's range.
contract EnergyMarketPriceRangeTest is Fixture {
    /// @dev 1 to 30 coins per 100 Wh, as the page's sliders allow.
    uint256 internal constant FLOOR = 10_000;
    uint256 internal constant CEILING = 300_000;

    function setUp() public {
        EnergyMarket.Config memory c = _config(4);
        c.priceFloorPerWh = FLOOR;
        c.priceCeilingPerWh = CEILING;
        _deploy(4, c);
    }

    function _settleRange(uint256 priceMin, uint256 priceMax, uint256 trade) internal {
        uint256 next = market.settledRounds();
        vm.prank(operator);
        market.settle(next, _one(_round(0, 1, priceMin, priceMax)), _one(trade), _none(), _none());
    }

    function _mcafee(uint256 buyer, uint256 seller, uint256 energyWh, uint256 sellerPrice, uint256 buyerPrice)
        internal
        pure
        returns (uint256)
    {
        return _trade(buyer, seller, energyWh, sellerPrice) | (buyerPrice << 192);
    }

    function test_settle_emitsRoundsDeclaredRange() public {
        vm.expectEmit(address(market));
        emit EnergyMarket.RoundSettled(0, 0, 1, 20_000, 80_000);
        _settleRange(20_000, 80_000, _trade(0, 1, 100, 50_000));
    }

    function test_settle_acceptsPricesOnRangeEdges() public {
        _settleRange(20_000, 80_000, _mcafee(0, 1, 100, 20_000, 80_000));
        assertEq(coin.balanceOf(accounts[1]), INIT_COINS + 100 * 20_000);
        assertEq(coin.balanceOf(accounts[0]), INIT_COINS - 100 * 80_000);
        _settleRange(FLOOR, CEILING, _mcafee(2, 3, 100, FLOOR, CEILING));
        assertEq(market.settledRounds(), 2);
    }

    function test_settle_revertsWhen_roundRangeEmpty() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.RoundPriceRangeInvalid.selector, 0, 50_001, 50_000, FLOOR, CEILING)
        );
        market.settle(0, _one(_round(0, 0, 50_001, 50_000)), _none(), _none(), _none());
    }

    function test_settle_revertsWhen_roundRangeLeavesHardRange() public {
        vm.startPrank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.RoundPriceRangeInvalid.selector, 0, FLOOR - 1, CEILING, FLOOR, CEILING)
        );
        market.settle(0, _one(_round(0, 0, FLOOR - 1, CEILING)), _none(), _none(), _none());
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.RoundPriceRangeInvalid.selector, 0, FLOOR, CEILING + 1, FLOOR, CEILING)
        );
        market.settle(0, _one(_round(0, 0, FLOOR, CEILING + 1)), _none(), _none(), _none());
        vm.stopPrank();
    }

    function test_settle_revertsWhen_rangeOfLaterRoundInvalid() public {
        uint256[] memory rounds = _two(_round(0, 0, FLOOR, CEILING), _round(0, 0, 0, 0));
        vm.prank(operator);
        vm.expectRevert(abi.encodeWithSelector(EnergyMarket.RoundPriceRangeInvalid.selector, 1, 0, 0, FLOOR, CEILING));
        market.settle(0, rounds, _none(), _none(), _none());
    }

    function test_settle_revertsWhen_sellerPriceBelowRoundMin() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.TradePriceOutOfRange.selector, 0, 0, 19_999, 19_999, 20_000, 80_000)
        );
        market.settle(0, _one(_round(0, 1, 20_000, 80_000)), _one(_trade(0, 1, 100, 19_999)), _none(), _none());
    }

    function test_settle_revertsWhen_buyerPriceAboveRoundMax() public {
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.TradePriceOutOfRange.selector, 0, 0, 30_000, 80_001, 20_000, 80_000)
        );
        market.settle(0, _one(_round(0, 1, 20_000, 80_000)), _one(_mcafee(0, 1, 100, 30_000, 80_001)), _none(), _none());
    }

    /// @dev The fabricated trade of issue 17 (1 Wh at a huge buyer price) is now refused.
    function test_settle_revertsWhen_oneWhAtHugePriceDrainsABuyer() public {
        uint256 drain = INIT_COINS;
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.TradePriceOutOfRange.selector, 0, 0, drain, drain, FLOOR, CEILING)
        );
        market.settle(0, _one(_round(0, 1, FLOOR, CEILING)), _one(_trade(0, 1, 1, drain)), _none(), _none());
        assertEq(coin.balanceOf(accounts[0]), INIT_COINS);
    }

    function test_settle_revertsWhen_laterTradeOutOfItsRoundsRange() public {
        // Round 0 allows up to 80k, round 1 only up to 40k: a 50k trade in round 1 is refused.
        uint256[] memory rounds = _two(_round(0, 1, 20_000, 80_000), _round(0, 1, 20_000, 40_000));
        uint256[] memory trades = _two(_trade(0, 1, 100, 50_000), _trade(2, 3, 100, 50_000));
        vm.prank(operator);
        vm.expectRevert(
            abi.encodeWithSelector(EnergyMarket.TradePriceOutOfRange.selector, 1, 1, 50_000, 50_000, 20_000, 40_000)
        );
        market.settle(0, rounds, trades, _none(), _none());
    }

    function testFuzz_settle_acceptsTradeIffBothPricesInRoundRange(
        uint256 priceMin,
        uint256 priceMax,
        uint256 sellerPrice,
        uint256 buyerPrice
    ) public {
        priceMin = bound(priceMin, FLOOR, CEILING);
        priceMax = bound(priceMax, priceMin, CEILING);
        sellerPrice = bound(sellerPrice, 0, 2 * CEILING);
        buyerPrice = bound(buyerPrice, sellerPrice, 2 * CEILING);
        bool inRange = sellerPrice >= priceMin && buyerPrice <= priceMax;
        uint256 w = _mcafee(0, 1, 100, sellerPrice, buyerPrice);
        // buyerPricePerWh 0 means "same as pricePerWh".
        if (buyerPrice == sellerPrice) w = _trade(0, 1, 100, sellerPrice);
        vm.prank(operator);
        if (!inRange) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    EnergyMarket.TradePriceOutOfRange.selector, 0, 0, sellerPrice, buyerPrice, priceMin, priceMax
                )
            );
        }
        market.settle(0, _one(_round(0, 1, priceMin, priceMax)), _one(w), _none(), _none());
        if (inRange) {
            assertEq(coin.balanceOf(accounts[0]), INIT_COINS - 100 * buyerPrice);
            assertEq(coin.balanceOf(accounts[1]), INIT_COINS + 100 * sellerPrice);
            assertEq(coin.balanceOf(operator), 100 * (buyerPrice - sellerPrice));
        } else {
            assertEq(market.settledRounds(), 0);
        }
    }

    function testFuzz_settle_refusesRoundRangeOutsideHardRange(uint256 priceMin, uint256 priceMax) public {
        priceMin = bound(priceMin, 0, type(uint64).max);
        priceMax = bound(priceMax, 0, type(uint64).max);
        bool ok = priceMin <= priceMax && priceMin >= FLOOR && priceMax <= CEILING;
        vm.prank(operator);
        if (!ok) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    EnergyMarket.RoundPriceRangeInvalid.selector, 0, priceMin, priceMax, FLOOR, CEILING
                )
            );
        }
        market.settle(0, _one(_round(0, 0, priceMin, priceMax)), _none(), _none(), _none());
        assertEq(market.settledRounds(), ok ? 1 : 0);
    }
}
