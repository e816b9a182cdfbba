// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";

/// @dev The coin on its own: `market` stands for the EnergyMarket that creates it.
contract EnergyCoinTest is Test {
    EnergyCoin internal coin;
    address internal market = makeAddr("market");
    address internal alice = makeAddr("alice");
    address internal bob = makeAddr("bob");
    address internal stranger = makeAddr("stranger");

    function setUp() public {
        vm.prank(market);
        coin = new EnergyCoin(1_000_000);
    }

    function _entry(address a, int96 delta) internal pure returns (uint256) {
        return uint256(uint160(a)) | (uint256(uint96(delta)) << 160);
    }

    function _endow(address a, uint256 amount) internal {
        address[] memory list = new address[](1);
        list[0] = a;
        vm.prank(market);
        coin.mintEndowments(list, amount);
    }

    function test_decimals_matchEngineBaseUnits() public view {
        assertEq(coin.decimals(), 6);
        assertEq(coin.symbol(), "NRG");
        assertEq(coin.name(), "Energy Coin");
    }

    function test_constructor_makesCreatorTheMarketAndFixesRate() public {
        vm.expectEmit();
        emit EnergyCoin.CoinCreated(alice, 1_500_000);
        vm.prank(alice);
        EnergyCoin fresh = new EnergyCoin(1_500_000);
        assertEq(fresh.market(), alice);
        assertEq(fresh.moneyPerCoinPpm(), 1_500_000);
        assertEq(fresh.totalSupply(), 0);
    }

    function test_constructor_revertsWhen_rateZero() public {
        vm.expectRevert(EnergyCoin.ZeroRate.selector);
        new EnergyCoin(0);
    }

    /// @dev The admin surface the coin used to have (OpenZeppelin Ownable, a minter role, a rate
    /// setter) is gone: each call falls through to no function and reverts.
    function test_coin_hasNoAdministrativeEntryPoint() public {
        bytes[7] memory calls = [
            abi.encodeWithSignature("owner()"),
            abi.encodeWithSignature("renounceOwnership()"),
            abi.encodeWithSignature("transferOwnership(address)", alice),
            abi.encodeWithSignature("setMinter(address)", alice),
            abi.encodeWithSignature("mint(address,uint256)", alice, 1),
            abi.encodeWithSignature("setExchangeRate(uint256)", 2),
            abi.encodeWithSignature("setMarket(address)", alice)
        ];
        for (uint256 i; i < calls.length; ++i) {
            vm.prank(market);
            (bool ok,) = address(coin).call(calls[i]);
            assertFalse(ok);
        }
        assertEq(coin.totalSupply(), 0);
        assertEq(coin.moneyPerCoinPpm(), 1_000_000);
    }

    function test_mintEndowments_mintsAmountToEach() public {
        address[] memory list = new address[](2);
        list[0] = alice;
        list[1] = bob;
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(address(0), alice, 7e6);
        vm.expectEmit(address(coin));
        emit IERC20.Transfer(address(0), bob, 7e6);
        vm.prank(market);
        coin.mintEndowments(list, 7e6);
        assertEq(coin.balanceOf(alice), 7e6);
        assertEq(coin.balanceOf(bob), 7e6);
        assertEq(coin.totalSupply(), 14e6);
    }

    function test_mintEndowments_zeroAmountMintsNothing() public {
        _endow(alice, 0);
        assertEq(coin.totalSupply(), 0);
    }

    function testFuzz_mintEndowments_rejectsEveryCallerButMarket(address caller) public {
        vm.assume(caller != market);
        vm.prank(caller);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMarket.selector, caller));
        coin.mintEndowments(new address[](1), 1);
    }

    function test_transfer_revertsBecause_coinsMoveOnlyThroughSettlement() public {
        _endow(alice, 5e6);
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
        _endow(alice, 5e6);
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
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NotMarket.selector, stranger));
        coin.settleNet(new uint256[](0));
    }

    function test_settleNet_revertsWhen_payerCannotPay() public {
        _endow(alice, 1e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -2e6);
        e[1] = _entry(bob, 2e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1e6, 2e6));
        coin.settleNet(e);
    }

    function test_settleNet_revertsWhen_debitsExceedCredits() public {
        _endow(alice, 5e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -2e6);
        e[1] = _entry(bob, 1e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(EnergyCoin.NetNotBalanced.selector, 0, 1e6));
        coin.settleNet(e);
    }

    function test_settleNet_revertsWhen_creditsExceedDebits() public {
        _endow(alice, 5e6);
        uint256[] memory e = new uint256[](2);
        e[0] = _entry(alice, -1e6);
        e[1] = _entry(bob, 2e6);
        vm.prank(market);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, market, 1e6, 2e6));
        coin.settleNet(e);
    }

    function testFuzz_settleNet_conservesSupply(uint96 minted, uint96 amount) public {
        vm.assume(amount <= minted && minted < uint96(type(int96).max));
        _endow(alice, minted);
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
