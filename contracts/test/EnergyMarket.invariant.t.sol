// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev Drives the market with valid operator settlements, replays of settled rounds, and every
/// value-moving call from accounts that are not the operator, counting what must never happen.
contract MarketHandler is Test {
    EnergyMarket internal market;
    EnergyCoin internal coin;
    address internal operator;
    address[] internal accounts;

    uint256 public ghostSettledRounds;
    uint256 public ghostReplaysAccepted;
    uint256 public ghostUnauthorizedSuccesses;

    constructor(EnergyMarket market_, address operator_, address[] memory accounts_) {
        market = market_;
        coin = market_.coin();
        operator = operator_;
        accounts = accounts_;
    }

    function settle(uint256 seed, uint8 roundCount, uint8 tradesPerRound) public {
        roundCount = uint8(_bound(roundCount, 1, 5));
        tradesPerRound = uint8(_bound(tradesPerRound, 0, 6));
        uint256 n = accounts.length;
        uint256[] memory rounds = new uint256[](roundCount);
        uint256[] memory trades = new uint256[](uint256(roundCount) * tradesPerRound);
        uint256 t;
        for (uint256 r; r < roundCount; ++r) {
            rounds[r] = 30_000 | (uint256(tradesPerRound) << 64);
            for (uint256 k; k < tradesPerRound; ++k) {
                seed = uint256(keccak256(abi.encode(seed)));
                uint256 buyer = seed % n;
                uint256 seller = (buyer + 1 + (seed >> 8) % (n - 1)) % n;
                uint256 energy = 100 * (1 + (seed >> 16) % 10);
                uint256 price = 10_000 + (seed >> 32) % 80_000;
                trades[t++] = buyer | (seller << 32) | (energy << 64) | (price << 128);
            }
        }
        uint256[] memory heads = new uint256[](1);
        uint256[] memory deltas = new uint256[](1);
        heads[0] = (seed % n) | (uint256(1_000) << 32) | (uint256(1_000_000) << 72);
        deltas[0] = uint256(uint96(-int96(int256(seed % 1_000)))) | (uint256(100) << 96);
        uint256 first = market.settledRounds();
        vm.prank(operator);
        try market.settle(first, rounds, trades, heads, deltas) {
            ghostSettledRounds += roundCount;
        } catch {
            // A household ran out of coins: a legitimate refusal that must leave no trace.
        }
    }

    function replay(uint256 round) public {
        uint256 settled = market.settledRounds();
        if (settled == 0) return;
        round = _bound(round, 0, settled - 1);
        vm.prank(operator);
        try market.settle(round, new uint256[](1), new uint256[](0), new uint256[](0), new uint256[](0)) {
            ++ghostReplaysAccepted;
        } catch {}
    }

    function strangerSettle(address caller, uint256 seed) public {
        if (caller == operator) return;
        uint256 n = accounts.length;
        uint256 buyer = seed % n;
        uint256 seller = (buyer + 1) % n;
        uint256[] memory trades = new uint256[](1);
        trades[0] = buyer | (seller << 32) | (uint256(100) << 64) | (uint256(1_000) << 128);
        uint256[] memory rounds = new uint256[](1);
        rounds[0] = uint256(1) << 64;
        uint256 first = market.settledRounds();
        vm.prank(caller);
        try market.settle(first, rounds, trades, new uint256[](0), new uint256[](0)) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
    }

    function strangerTransfer(uint256 from, uint256 to, uint256 amount) public {
        address a = accounts[from % accounts.length];
        address b = accounts[to % accounts.length];
        amount = _bound(amount, 1, 1e6);
        vm.prank(a);
        try coin.transfer(b, amount) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        vm.prank(a);
        coin.approve(b, amount);
        vm.prank(b);
        try coin.transferFrom(a, b, amount) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
    }

    function strangerSettleNet(address caller, uint256 from, uint256 to) public {
        if (caller == address(market)) return;
        uint256[] memory e = new uint256[](2);
        e[0] = uint256(uint160(accounts[from % accounts.length])) | (uint256(uint96(int96(-1e6))) << 160);
        e[1] = uint256(uint160(accounts[to % accounts.length])) | (uint256(uint96(1e6)) << 160);
        vm.prank(caller);
        try coin.settleNet(e) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
    }

    function strangerMint(address caller, uint96 amount) public {
        if (caller == address(market)) return;
        address[] memory to = new address[](1);
        to[0] = caller;
        vm.prank(caller);
        try coin.mintEndowments(to, amount) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
    }

    function strangerRegister(address caller, address account) public {
        if (caller == operator || account == address(0)) return;
        vm.prank(caller);
        try market.registerHouseholds(new uint256[](1)) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        vm.prank(caller);
        try market.proposeOperator(caller) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        vm.prank(caller);
        try market.acceptOperator() {
            ++ghostUnauthorizedSuccesses;
        } catch {}
    }
}

contract EnergyMarketInvariantTest is Fixture {
    MarketHandler internal handler;

    function setUp() public {
        _deploy(6);
        handler = new MarketHandler(market, operator, accounts);
        targetContract(address(handler));
    }

    function invariant_supplyIsEndowmentTimesHouseholds() public view {
        assertEq(coin.totalSupply(), market.endowment() * market.householdCount());
    }

    function invariant_householdsHoldEveryCoin() public view {
        uint256 sum;
        for (uint256 i; i < accounts.length; ++i) {
            sum += coin.balanceOf(accounts[i]);
        }
        assertEq(sum, coin.totalSupply());
        assertEq(coin.balanceOf(address(market)), 0);
    }

    function invariant_settledRoundNeverSettlesAgain() public view {
        assertEq(handler.ghostReplaysAccepted(), 0);
        assertEq(market.settledRounds(), handler.ghostSettledRounds());
    }

    function invariant_onlyOperatorMovesValue() public view {
        assertEq(handler.ghostUnauthorizedSuccesses(), 0);
        assertEq(market.operator(), operator);
        assertEq(market.householdCount(), accounts.length);
    }
}
