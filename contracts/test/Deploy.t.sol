// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {Deploy} from "../script/Deploy.s.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";

contract DeployTest is Test {
    function test_run_deploysMarketWithItsCoinOperatedByDevAccountOnAnvil() public {
        vm.chainId(31337);
        (EnergyCoin coin, EnergyMarket market) = new Deploy().run();
        address operator = vm.addr(0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80);
        assertEq(coin.market(), address(market));
        assertEq(address(market.coin()), address(coin));
        assertEq(market.operator(), operator);
        assertEq(coin.moneyPerCoinPpm(), 1_000_000);
        assertEq(coin.decimals(), 6);
        assertEq(market.maxHouseholds(), 20);
        assertEq(market.endowment(), 2_000e6);
        assertEq(market.priceFloorPerWh(), 0);
        assertEq(market.priceCeilingPerWh(), 300_000);
        assertTrue(market.runId() != bytes32(0));
    }

    function test_run_revertsWithoutOperatorKeyOffAnvil() public {
        vm.chainId(11155111);
        Deploy d = new Deploy();
        vm.expectRevert();
        d.run();
    }

    function test_refusePublicKey_revertsForTheFirstAndLastDevAccountOfTheBound() public {
        vm.chainId(1337);
        Deploy d = new Deploy();
        string memory mnemonic = "test test test test test test test test test test test junk";
        vm.expectRevert(abi.encodeWithSelector(Deploy.PublicDevKey.selector, 1337, 0));
        d.refusePublicKey(0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80);
        vm.expectRevert(abi.encodeWithSelector(Deploy.PublicDevKey.selector, 1337, 1999));
        d.refusePublicKey(vm.deriveKey(mnemonic, 1999));
        // A key of one's own passes.
        d.refusePublicKey(uint256(keccak256("an operator's own key")));
    }
}
