// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script, console} from "forge-std/Script.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";

/// @notice Deploys an EnergyMarket, which creates its EnergyCoin, in one transaction.
/// @dev Anvil (chain 31337): the operator defaults to the dev mnemonic's account 0, so a fresh
/// node always yields the same addresses. Any other chain: OPERATOR_KEY must be set in the
/// environment; no key is ever assumed there.
///   OPERATOR_KEY=0x... npx forge script contracts/script/Deploy.s.sol --rpc-url $RPC_URL --broadcast
/// The market's fixed parameters come from the environment, with the defaults below: RUN_ID
/// (bytes32; default derived from chain, operator and time), HOUSEHOLDS, ENDOWMENT (base units
/// per household), PRICE_FLOOR_PER_WH, PRICE_CEILING_PER_WH, MONEY_PER_COIN_PPM.
/// Writes deployments/<chainId>.local.json (RPC_URL, when set, is recorded in it).
contract Deploy is Script {
    /// @dev Anvil's publicly known dev key (mnemonic "test test ... junk", index 0).
    uint256 internal constant ANVIL_OPERATOR_KEY = 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80;

    /// @notice Coin/money exchange rate (ppm); one money unit per coin unless overridden.
    uint256 internal constant DEFAULT_RATE_PPM = 1_000_000;
    /// @notice The default scenario's neighbourhood and endowment (20 households, 2,000 coins).
    uint256 internal constant DEFAULT_HOUSEHOLDS = 20;
    uint256 internal constant DEFAULT_ENDOWMENT = 2_000e6;
    /// @notice The page's price sliders reach 0..30 coins per 100 Wh (300,000 base units per Wh).
    uint256 internal constant DEFAULT_PRICE_CEILING_PER_WH = 300_000;

    /// @dev The public dev mnemonic; its first PUBLIC_DEV_KEYS accounts are refused off Anvil
    /// (the same bound as src/chain/accounts.ts).
    string internal constant DEV_MNEMONIC = "test test test test test test test test test test test junk";
    uint32 internal constant PUBLIC_DEV_KEYS = 2000;

    /// @notice OPERATOR_KEY is one of the dev mnemonic's public keys, refused off chain 31337.
    error PublicDevKey(uint256 chainId, uint32 index);

    /// @notice Reverts with PublicDevKey when `key` is one of the dev mnemonic's first
    /// PUBLIC_DEV_KEYS accounts: anyone can sign with those.
    function refusePublicKey(uint256 key) public {
        for (uint32 i; i < PUBLIC_DEV_KEYS; ++i) {
            if (vm.deriveKey(DEV_MNEMONIC, i) == key) revert PublicDevKey(block.chainid, i);
        }
    }

    function run() external returns (EnergyCoin coin, EnergyMarket market) {
        uint256 key = block.chainid == 31337 ? vm.envOr("OPERATOR_KEY", ANVIL_OPERATOR_KEY) : vm.envUint("OPERATOR_KEY");
        if (block.chainid != 31337) refusePublicKey(key);
        address operator = vm.addr(key);
        bytes32 runId = vm.envOr("RUN_ID", keccak256(abi.encode(block.chainid, operator, block.timestamp)));
        EnergyMarket.Config memory config = EnergyMarket.Config({
            households: vm.envOr("HOUSEHOLDS", DEFAULT_HOUSEHOLDS),
            endowment: vm.envOr("ENDOWMENT", DEFAULT_ENDOWMENT),
            priceFloorPerWh: vm.envOr("PRICE_FLOOR_PER_WH", uint256(0)),
            priceCeilingPerWh: vm.envOr("PRICE_CEILING_PER_WH", DEFAULT_PRICE_CEILING_PER_WH),
            moneyPerCoinPpm: vm.envOr("MONEY_PER_COIN_PPM", DEFAULT_RATE_PPM)
        });

        vm.startBroadcast(key);
        market = new EnergyMarket(operator, runId, config);
        vm.stopBroadcast();
        coin = market.coin();

        console.log("EnergyCoin  ", address(coin));
        console.log("EnergyMarket", address(market));

        string memory obj = "deployment";
        vm.serializeUint(obj, "chainId", block.chainid);
        vm.serializeString(obj, "rpcUrl", vm.envOr("RPC_URL", string("")));
        vm.serializeBytes32(obj, "runId", runId);
        string memory c = "contracts";
        vm.serializeAddress(c, "EnergyCoin", address(coin));
        string memory contracts = vm.serializeAddress(c, "EnergyMarket", address(market));
        string memory json = vm.serializeString(obj, "contracts", contracts);
        vm.createDir("deployments", true);
        vm.writeJson(json, string.concat("deployments/", vm.toString(block.chainid), ".local.json"));
    }
}
