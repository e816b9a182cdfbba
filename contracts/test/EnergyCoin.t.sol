// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";

contract EnergyCoinTest is Test {
    EnergyCoin internal coin;
    address internal owner = makeAddr("owner");
    address internal minter = makeAddr("minter");
    address internal market = makeAddr("market");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        coin = new EnergyCoin(owner, minter, 1_000_000);
        vm.prank(owner);
        coin.setMarket(market);
    }

    function _entry(address a, int96 delta) internal pure returns (uint256) {
        return uint256(uint160(a)) | (uint256(uint96(delta)) << 160);
    }

    function test_decimals_matchEngineBaseUnits() public view {
        assertEq(coin.decimals(), 6);
        assertEq(coin.symbol(), "NRG");
        assertEq(coin.name(), "Energy Coin");
    }

    function test_constructor_setsRoles() public view {
        assertEq(coin.owner(), owner);
        assertEq(coin.minter(), minter);
        assertEq(coin.moneyPerCoinPpm(), 1_000_000);
        assertEq(coin.market(), market);
    }

    function test_constructor_revertsWhen_minterZero() public {
        vm.expectRevert(EnergyCoin.ZeroAddress.selector);
        new EnergyCoin(owner, address(0), 1);
    }

    function test_constructor_revertsWhen_rateZero() public {
        vm.expectRevert(EnergyCoin.ZeroRate.selector);
        new EnergyCoin(owner, minter, 0);
    }

    function test_setMarket_revertsWhen_alreadySet() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.MarketAlreadySet.selector, market));
        coin.setMarket(alice);
    }

    function test_setMarket_revertsWhen_notOwner() public {
        EnergyCoin fresh = new EnergyCoin(owner, minter, 1);
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        fresh.setMarket(market);
    }

    function test_setMarket_revertsWhen_zero() public {
        EnergyCoin fresh = new EnergyCoin(owner, minter, 1);
        vm.prank(owner);
        vm.expectRevert(EnergyCoin.ZeroAddress.selector);
        fresh.setMarket(address(0));
    }

    function test_setMarket_emitsMarketSet() public {
        EnergyCoin fresh = new EnergyCoin(owner, minter, 1);
        vm.expectEmit(address(fresh));
        emit EnergyCoin.MarketSet(market);
        vm.prank(owner);
        fresh.setMarket(market);
        assertEq(fresh.market(), market);
    }

    function test_setMinter_replacesMinter() public {
        vm.expectEmit(address(coin));
        emit EnergyCoin.MinterSet(alice);
        vm.prank(owner);
        coin.setMinter(alice);
        assertEq(coin.minter(), alice);
        vm.prank(minter);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMinter.selector, minter));
        coin.mint(bob, 1);
    }

    function test_setMinter_revertsWhen_notOwnerOrZero() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        coin.setMinter(alice);
        vm.prank(owner);
        vm.expectRevert(EnergyCoin.ZeroAddress.selector);
        coin.setMinter(address(0));
    }

    function test_setExchangeRate_storesRate() public {
        vm.expectEmit(address(coin));
        emit EnergyCoin.ExchangeRateSet(1_500_000);
        vm.prank(owner);
        coin.setExchangeRate(1_500_000);
        assertEq(coin.moneyPerCoinPpm(), 1_500_000);
    }

    function test_setExchangeRate_revertsWhen_notOwnerOrZero() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        coin.setExchangeRate(2);
        vm.prank(owner);
        vm.expectRevert(EnergyCoin.ZeroRate.selector);
        coin.setExchangeRate(0);
    }

    function test_mint_increasesSupplyAndBalance() public {
        vm.prank(minter);
        coin.mint(alice, 5e6);
        assertEq(coin.balanceOf(alice), 5e6);
        assertEq(coin.totalSupply(), 5e6);
    }

    function test_mint_revertsWhen_notMinter() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMinter.selector, owner));
        coin.mint(alice, 1);
    }

    function test_mintBatch_mintsEachEntry() public {
        uint256[] memory e = new uint256[](2);
        e[0] = uint256(uint160(alice)) | (7e6 << 160);
        e[1] = uint256(uint160(bob)) | (3e6 << 160);
        vm.prank(minter);
        coin.mintBatch(e);
        assertEq(coin.balanceOf(alice), 7e6);
        assertEq(coin.balanceOf(bob), 3e6);
        assertEq(coin.totalSupply(), 10e6);
    }

    function test_mintBatch_revertsWhen_notMinter() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMinter.selector, stranger));
        coin.mintBatch(new uint256[](0));
    }

    function test_transfer_revertsBecause_coinsMoveOnlyThroughSettlement() public {
        vm.prank(minter);
        coin.mint(alice, 5e6);
        vm.prank(alice);
        vm.expectRevert(EnergyCoin.TransfersRestricted.selector);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        coin.transfer(bob, 1);
        vm.prank(alice);
        coin.approve(bob, 1);
        vm.prank(bob);
        vm.expectRevert(EnergyCoin.TransfersRestricted.selector);
        // forge-lint: disable-next-line(erc20-unchecked-transfer)
        coin.transferFrom(alice, bob, 1);
    }

    function test_settleNet_movesNetAmounts() public {
        vm.prank(minter);
        coin.mint(alice, 5e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(bob, 2e6);
        e[1] = _entry(alice, -2e6);
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(alice, market, 2e6);
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(market, bob, 2e6);
        vm.prank(market);
        coin.settleNet(e);
        assertEq(coin.balanceOf(alice), 3e6);
        assertEq(coin.balanceOf(bob), 2e6);
        assertEq(coin.balanceOf(market), 0);
    }

    function test_settleNet_revertsWhen_notMarket() public {
        vm.prank(owner);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMarket.selector, owner));
        coin.settleNet(new uint256[](0));
    }

    function test_settleNet_revertsWhen_payerCannotPay() public {
        vm.prank(minter);
        coin.mint(alice, 1e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -2e6);
        e[1] = _entry(bob, 2e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e6, 2e6));
        coin.settleNet(e);
    }

    function test_settleNet_revertsWhen_debitsExceedCredits() public {
        vm.prank(minter);
        coin.mint(alice, 5e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -2e6);
        e[1] = _entry(bob, 1e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NetNotBalanced.selector, 0, 1e6));
        coin.settleNet(e);
    }

    function test_settleNet_revertsWhen_creditsExceedDebits() public {
        vm.prank(minter);
        coin.mint(alice, 5e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -1e6);
        e[1] = _entry(bob, 2e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, market, 1e6, 2e6));
        coin.settleNet(e);
    }

    function testFuzz_settleNet_conservesSupply(uint96 minted, uint96 amount) public {
        vm.assume(amount <= minted && minted < uint96(type(int96).max));
        vm.prank(minter);
        coin.mint(alice, minted);
        uint256[] memory e = new uint256[](2);
        // forge-lint: disable-next-line(unsafe-typecast)
        e[0] = _entry(alice, -int96(amount));
        // forge-lint: disable-next-line(unsafe-typecast)
        e[1] = _entry(bob, int96(amount));
        vm.prank(market);
        coin.settleNet(e);
        assertEq(coin.totalSupply(), minted);
        assertEq(coin.balanceOf(alice) + coin.balanceOf(bob), minted);
        assertEq(coin.balanceOf(bob), amount);
    }
}
