// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {EnergyCoin} from "../src/EnergyCoin.sol";
import {EnergyMarket} from "../src/EnergyMarket.sol";
import {Fixture} from "./utils/Fixture.sol";

/// @dev Drives the market the way a run with people does (households taken over and handed back,
/// rounds opened, orders submitted, deadlines moved by the host's pause and resume, rounds closed,
/// deadlines passing, batches settled) and the ways it must refuse (takes by strangers or twice,
/// orders out of the rules, trades out of range or against an order, replays, strangers). The handler keeps its
/// own model of what the rules allow; every call the contract accepts must be one the model
/// accepts and the other way round, and the coins each household holds must equal its endowment
/// plus the trades the model saw settle.
contract MarketHandler is Test {
    EnergyMarket internal market;
    EnergyCoin internal coin;
    address internal operator;
    address[] internal accounts;
    uint256 internal n;
    uint256 internal floor;
    uint256 internal ceiling;

    struct Seat {
        uint256 maxBuy;
        uint256 maxSell;
        bool submitted;
        uint8 side;
        uint256 amount;
        uint256 price;
    }

    struct OpenedRound {
        bool opened;
        bool closed;
        uint256 priceMin;
        uint256 priceMax;
        uint256 deadline;
        uint256 orders;
    }

    // ---- the model ----
    uint256 public ghostSettledRounds;
    bool internal anyOpened;
    uint256 internal lastOpened;
    mapping(uint256 round => OpenedRound) internal rounds;
    mapping(uint256 round => mapping(uint256 household => Seat)) internal seats;
    uint256[] public openedRounds;
    mapping(uint256 household => uint256) public ghostCoins;
    uint256 public ghostOperatorCoins;
    mapping(uint256 household => bool) public ghostTaken;
    /// @dev The account whose takeHousehold the chain accepted for the household (zero once
    /// released), so the invariants can ask who holds it, not only whether someone does.
    mapping(uint256 household => address) public ghostTaker;

    // ---- what must never happen ----
    uint256 public ghostAcceptedAgainstModel;
    uint256 public ghostRefusedAgainstModel;
    uint256 public ghostReplaysAccepted;
    uint256 public ghostUnauthorizedSuccesses;
    /// @dev A take or release that changed another household's flag than the caller's own.
    uint256 public ghostTakesTouchingOthers;

    // ---- progress, so a run that did nothing shows ----
    uint256 public ordersAccepted;
    uint256 public settlesAccepted;
    uint256 public peopleRoundsSettled;
    uint256 public takesAccepted;
    uint256 public releasesAccepted;
    uint256 public deadlinesMoved;

    constructor(EnergyMarket market_, address operator_, address[] memory accounts_) {
        market = market_;
        coin = market_.coin();
        operator = operator_;
        accounts = accounts_;
        n = accounts_.length;
        floor = market_.priceFloorPerWh();
        ceiling = market_.priceCeilingPerWh();
        for (uint256 i; i < n; ++i) {
            ghostCoins[i] = coin.balanceOf(accounts_[i]);
        }
    }

    function _next(uint256 seed) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode(seed)));
    }

    function _check(bool accepted, bool allowed) internal {
        if (accepted && !allowed) ++ghostAcceptedAgainstModel;
        if (!accepted && allowed) ++ghostRefusedAgainstModel;
    }

    function _isOpen(uint256 round) internal view returns (bool) {
        OpenedRound storage o = rounds[round];
        return
            o.opened && !o.closed && anyOpened && round == lastOpened
                && (o.deadline == 0 || block.timestamp <= o.deadline);
    }

    // ---- operator: open and close rounds for people ----

    function openRound(uint256 seed, uint8 offset, bool withDeadline) public {
        uint256 lowest = anyOpened && lastOpened + 1 > ghostSettledRounds ? lastOpened + 1 : ghostSettledRounds;
        // Mostly a valid round, sometimes one already settled or opened.
        uint256 round = offset % 8 == 0 && lowest > 0 ? lowest - 1 : lowest + offset % 3;
        uint256 priceMin = floor + seed % 50_000;
        uint256 priceMax = priceMin + (seed >> 32) % 100_000;
        if ((seed >> 64) % 10 == 0) priceMax = ceiling + 1;
        uint256 deadline = withDeadline ? block.timestamp + 1 + (seed >> 96) % 30 : 0;
        uint256[] memory limits = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            uint256 s = _next(seed + i);
            limits[i] = i | (((s % 8) * 100) << 32) | ((((s >> 8) % 8) * 100) << 72);
        }
        bool allowed = round >= ghostSettledRounds && (!anyOpened || round > lastOpened) && priceMax <= ceiling;
        vm.prank(operator);
        try market.openRound(round, priceMin, priceMax, deadline, limits) {
            _check(true, allowed);
            if (anyOpened) rounds[lastOpened].closed = true;
            rounds[round] = OpenedRound(true, false, priceMin, priceMax, deadline, 0);
            for (uint256 i; i < n; ++i) {
                seats[round][i] =
                    Seat((limits[i] >> 32) & 0xffffffffff, (limits[i] >> 72) & 0xffffffffff, false, 0, 0, 0);
            }
            anyOpened = true;
            lastOpened = round;
            openedRounds.push(round);
        } catch {
            _check(false, allowed);
        }
    }

    function closeRound(bool lastOne) public {
        uint256 round = lastOne || !anyOpened ? lastOpened : lastOpened + 1;
        bool allowed = anyOpened && round == lastOpened && !rounds[round].closed;
        vm.prank(operator);
        try market.closeRound(round) {
            _check(true, allowed);
            rounds[round].closed = true;
        } catch {
            _check(false, allowed);
        }
    }

    function warp(uint8 secondsAhead) public {
        vm.warp(block.timestamp + secondsAhead % 40);
    }

    /// @dev The host's pause (0: open until closed) and resume (a new countdown), sometimes on a
    /// round that is not the open one, or with a deadline already past or beyond 40 bits.
    function setDeadline(uint256 seed, uint8 roundChoice) public {
        uint256 round =
            roundChoice % 5 == 0 && lastOpened > 0 ? lastOpened - 1 : lastOpened + (roundChoice % 7 == 0 ? 1 : 0);
        uint256 kind = seed % 6;
        uint256 deadline;
        if (kind == 0 || kind == 1) deadline = 0;
        else if (kind == 2) deadline = block.timestamp;
        else if (kind == 3) deadline = uint256(1) << 40;
        else deadline = block.timestamp + 1 + (seed >> 8) % 30;
        OpenedRound storage o = rounds[round];
        bool allowed = anyOpened && round == lastOpened && o.opened && !o.closed
            && (deadline == 0 || (deadline > block.timestamp && deadline < uint256(1) << 40));
        vm.prank(operator);
        try market.setDeadline(round, deadline) {
            _check(true, allowed);
            o.deadline = deadline;
            ++deadlinesMoved;
        } catch {
            _check(false, allowed);
        }
    }

    // ---- people: take a household over from its agent and hand it back ----

    /// @dev The household `caller` is registered under, or n when none (a fuzzed caller may be
    /// any address, a household's among them).
    function _householdOf(address caller) internal view returns (uint256) {
        for (uint256 i; i < n; ++i) {
            if (accounts[i] == caller) return i;
        }
        return n;
    }

    /// @dev Mostly a household's own account, sometimes anyone: the caller names no household,
    /// so whoever calls can only ever reach its own.
    function _taker(uint256 who, uint256 seed) internal view returns (address) {
        who = who % (n + 1);
        return who < n ? accounts[who] : address(uint160(seed | 1));
    }

    function take(uint256 who, uint256 seed) public {
        address caller = _taker(who, seed);
        uint256 h = _householdOf(caller);
        bool allowed = h < n && !ghostTaken[h];
        vm.prank(caller);
        try market.takeHousehold() {
            _check(true, allowed);
            ghostTaken[h] = true;
            ghostTaker[h] = caller;
            ++takesAccepted;
        } catch {
            _check(false, allowed);
        }
        _checkOthersUntouched();
    }

    function release(uint256 who, uint256 seed) public {
        address caller = _taker(who, seed);
        uint256 h = _householdOf(caller);
        bool allowed = h < n && ghostTaken[h];
        vm.prank(caller);
        try market.releaseHousehold() {
            _check(true, allowed);
            ghostTaken[h] = false;
            ghostTaker[h] = address(0);
            ++releasesAccepted;
        } catch {
            _check(false, allowed);
        }
        _checkOthersUntouched();
    }

    /// @dev After a take or release every household's flag is what the model holds: the call
    /// moved at most the caller's own.
    function _checkOthersUntouched() internal {
        for (uint256 i; i < n; ++i) {
            if (market.taken(i) != ghostTaken[i]) ++ghostTakesTouchingOthers;
        }
    }

    // ---- households: submit orders, within the rules or not ----

    function submit(uint256 who, uint256 seed, uint8 roundChoice) public {
        who = who % (n + 1);
        address caller = who < n ? accounts[who] : address(uint160(seed | 1));
        uint256 round =
            roundChoice % 4 == 0 && lastOpened > 0 ? lastOpened - 1 : lastOpened + (roundChoice % 7 == 0 ? 1 : 0);
        OpenedRound storage o = rounds[round];
        Seat storage mine = seats[round][who < n ? who : 0];
        // Mostly an order that fits the seat, so refusals come from the round's state; now and
        // then a side, amount or price off the rules.
        uint8 side = mine.maxBuy != 0 && (mine.maxSell == 0 || seed % 2 == 0) ? 0 : 1;
        uint256 limit = side == 0 ? mine.maxBuy : mine.maxSell;
        uint256 amount = limit == 0 ? 100 : 100 * (1 + (seed >> 8) % (limit / 100));
        uint256 price = o.priceMin + (seed >> 24) % (o.priceMax - o.priceMin + 1);
        uint256 spoil = (seed >> 40) % 16;
        if (spoil == 0) side = 2;
        if (spoil == 1) amount += 100;
        if (spoil == 2) amount += 50;
        if (spoil == 3) amount = 0;
        if (spoil == 4) price = o.priceMin > 0 ? o.priceMin - 1 : 0;
        if (spoil == 5) price = o.priceMax + 1;
        bool allowed;
        if (who < n && _isOpen(round)) {
            Seat storage st = seats[round][who];
            uint256 limit = side == 0 ? st.maxBuy : st.maxSell;
            allowed = (st.maxBuy != 0 || st.maxSell != 0) && !st.submitted && side <= 1 && amount != 0
                && amount % 100 == 0 && amount <= limit && price >= o.priceMin && price <= o.priceMax;
        }
        vm.prank(caller);
        try market.submitOrder(round, side, amount, price) {
            _check(true, allowed);
            Seat storage st = seats[round][who];
            st.submitted = true;
            st.side = side;
            st.amount = amount;
            st.price = price;
            ++o.orders;
            ++ordersAccepted;
        } catch {
            _check(false, allowed);
        }
    }

    // ---- operator: settle batches, sometimes with trades the rules refuse ----

    struct Batch {
        uint256[] words;
        uint256[] trades;
        bool allowed;
        int256[] net;
        uint256 surplus;
        uint256 people;
    }

    function settle(uint256 seed, uint8 roundCount) public {
        uint256 first = ghostSettledRounds;
        Batch memory b = _batch(seed, first, 1 + roundCount % 4);
        vm.prank(operator);
        try market.settle(first, b.words, b.trades, new uint256[](0), new uint256[](0)) {
            _check(true, b.allowed);
            for (uint256 i; i < n; ++i) {
                ghostCoins[i] = uint256(int256(ghostCoins[i]) + b.net[i]);
            }
            ghostOperatorCoins += b.surplus;
            for (uint256 r = first; r < first + b.words.length; ++r) {
                if (rounds[r].opened) rounds[r].closed = true;
            }
            ghostSettledRounds = first + b.words.length;
            ++settlesAccepted;
            peopleRoundsSettled += b.people;
        } catch {
            _check(false, b.allowed);
        }
    }

    function _batch(uint256 seed, uint256 first, uint256 count) internal view returns (Batch memory b) {
        b.words = new uint256[](count);
        b.trades = new uint256[](count * 3);
        b.net = new int256[](n);
        b.allowed = true;
        uint256 t;
        for (uint256 r; r < count; ++r) {
            seed = _next(seed);
            uint256 round = first + r;
            OpenedRound storage o = rounds[round];
            uint256 priceMin = o.opened ? o.priceMin : floor + seed % 40_000;
            uint256 priceMax = o.opened ? o.priceMax : priceMin + (seed >> 16) % 100_000;
            if ((seed >> 32) % 20 == 0) priceMax = priceMax + 1; // another range than opened
            if ((seed >> 32) % 20 == 1) priceMax = ceiling + 1; // beyond the hard range
            if (priceMax > ceiling || (o.opened && priceMax != o.priceMax)) b.allowed = false;
            if (o.opened && !o.closed && (o.deadline == 0 || block.timestamp <= o.deadline)) b.allowed = false;
            if (o.opened) ++b.people;
            uint256 tradeCount = (seed >> 40) % 4;
            b.words[r] = (tradeCount << 64) | (priceMin << 96) | (priceMax << 160);
            uint256[] memory filled = new uint256[](n);
            for (uint256 k; k < tradeCount; ++k) {
                seed = _next(seed);
                b.trades[t] = _tradeFor(seed, round, priceMin, priceMax);
                if (!_tradeAllowed(b.trades[t], round, priceMin, priceMax, filled)) b.allowed = false;
                _account(b, b.trades[t]);
                ++t;
            }
        }
        uint256[] memory trades = b.trades;
        assembly ("memory-safe") {
            mstore(trades, t)
        }
        // The coin takes every debit before any credit: each payer must cover its net debit.
        for (uint256 i; i < n; ++i) {
            if (b.net[i] < 0 && uint256(-b.net[i]) > ghostCoins[i]) b.allowed = false;
        }
    }

    /// @dev A trade that mostly fits the round (and, in a people's round, the orders), sometimes
    /// not: a price off the range, or a household traded against its order.
    function _tradeFor(uint256 seed, uint256 round, uint256 priceMin, uint256 priceMax)
        internal
        view
        returns (uint256)
    {
        uint256 buyer = seed % n;
        uint256 seller = (buyer + 1 + (seed >> 8) % (n - 1)) % n;
        uint256 energy = 100 * (1 + (seed >> 16) % 4);
        uint256 span = priceMax - priceMin + 1;
        uint256 price = priceMin + (seed >> 24) % span;
        uint256 buyerPrice = price + (seed >> 48) % (priceMax - price + 1);
        Seat storage sb = seats[round][buyer];
        Seat storage ss = seats[round][seller];
        if ((seed >> 72) % 4 != 0) {
            // Respect the orders most of the time, as the auctioneer does.
            if (sb.submitted && sb.side == 0 && buyerPrice > sb.price) buyerPrice = sb.price;
            if (ss.submitted && ss.side == 1 && price < ss.price) price = ss.price;
            if (buyerPrice < price) buyerPrice = price;
        }
        if ((seed >> 80) % 12 == 0) price = priceMin - (priceMin > 0 ? 1 : 0);
        if ((seed >> 88) % 12 == 0) buyerPrice = priceMax + 1;
        if (buyerPrice < price) buyerPrice = price;
        return buyer | (seller << 32) | (energy << 64) | (price << 128) | (buyerPrice << 192);
    }

    function _tradeAllowed(uint256 w, uint256 round, uint256 priceMin, uint256 priceMax, uint256[] memory filled)
        internal
        view
        returns (bool ok)
    {
        uint256 buyer = w & 0xffffffff;
        uint256 seller = (w >> 32) & 0xffffffff;
        uint256 energy = (w >> 64) & type(uint64).max;
        uint256 price = (w >> 128) & type(uint64).max;
        uint256 buyerPrice = w >> 192;
        ok = price >= priceMin && buyerPrice <= priceMax;
        if (rounds[round].opened) {
            Seat storage sb = seats[round][buyer];
            if (sb.submitted) {
                filled[buyer] += energy;
                ok = ok && sb.side == 0 && buyerPrice <= sb.price && filled[buyer] <= sb.amount;
            }
            Seat storage ss = seats[round][seller];
            if (ss.submitted) {
                filled[seller] += energy;
                ok = ok && ss.side == 1 && price >= ss.price && filled[seller] <= ss.amount;
            }
        }
    }

    function _account(Batch memory b, uint256 w) internal pure {
        uint256 energy = (w >> 64) & type(uint64).max;
        uint256 price = (w >> 128) & type(uint64).max;
        uint256 buyerPrice = w >> 192;
        b.net[w & 0xffffffff] -= int256(energy * buyerPrice);
        b.net[(w >> 32) & 0xffffffff] += int256(energy * price);
        b.surplus += energy * (buyerPrice - price);
    }

    // ---- replays and strangers ----

    function replay(uint256 round) public {
        if (ghostSettledRounds == 0) return;
        round = _bound(round, 0, ghostSettledRounds - 1);
        uint256[] memory words = new uint256[](1);
        words[0] = (floor << 96) | (floor << 160);
        vm.prank(operator);
        try market.settle(round, words, new uint256[](0), new uint256[](0), new uint256[](0)) {
            ++ghostReplaysAccepted;
        } catch {}
    }

    function stranger(address caller, uint256 seed) public {
        // The market acts only through its own code; nobody can call as the market.
        if (caller == operator || caller == address(market)) return;
        uint256[] memory one = new uint256[](1);
        one[0] = uint256(uint160(caller));
        uint256[] memory words = new uint256[](1);
        words[0] = (uint256(1) << 64) | (floor << 96) | (ceiling << 160);
        uint256[] memory trade = new uint256[](1);
        trade[0] = (seed % n) | (((seed % n + 1) % n) << 32) | (uint256(100) << 64) | (floor << 128);
        uint256 settled = ghostSettledRounds;
        vm.startPrank(caller);
        try market.settle(settled, words, trade, new uint256[](0), new uint256[](0)) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.openRound(settled + 100, floor, ceiling, 0, new uint256[](0)) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.closeRound(lastOpened) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.setDeadline(lastOpened, 0) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.registerHouseholds(one) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.proposeOperator(caller) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.cancelOperatorProposal() {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        try market.acceptOperator() {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        address[] memory to = new address[](1);
        to[0] = caller;
        try coin.mintEndowments(to, 1e6) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        uint256[] memory net = new uint256[](1);
        net[0] = uint256(uint160(caller)) | (uint256(1e6) << 160);
        try coin.settleNet(net) {
            ++ghostUnauthorizedSuccesses;
        } catch {}
        vm.stopPrank();
    }

    function householdTransfer(uint256 from, uint256 to, uint256 amount) public {
        address a = accounts[from % n];
        address b = accounts[to % n];
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

    // ---- views for the invariants ----

    function openedCount() external view returns (uint256) {
        return openedRounds.length;
    }

    function ordersIn(uint256 round) external view returns (uint256 count) {
        for (uint256 i; i < n; ++i) {
            if (seats[round][i].submitted) ++count;
        }
    }

    function modelOrders(uint256 round) external view returns (uint256) {
        return rounds[round].orders;
    }

    function households() external view returns (uint256) {
        return n;
    }

    /// @dev One past the highest round anything could have touched: settled, opened, or probed.
    function roundsSpan() external view returns (uint256) {
        uint256 opened = anyOpened ? lastOpened + 2 : 1;
        return opened > ghostSettledRounds + 1 ? opened : ghostSettledRounds + 1;
    }
}

contract EnergyMarketInvariantTest is Fixture {
    MarketHandler internal handler;

    function setUp() public {
        EnergyMarket.Config memory c = _config(5);
        c.priceFloorPerWh = 10_000;
        c.priceCeilingPerWh = 300_000;
        _deploy(5, c);
        vm.warp(1_700_000_000);
        handler = new MarketHandler(market, operator, accounts);
        targetContract(address(handler));
    }

    /// @dev The handler is no stub: a fixed walk through it opens a round, takes orders, closes,
    /// settles trades that move coins, and the model and the chain agree throughout.
    function test_handler_drivesRealOrdersAndSettlements() public {
        handler.openRound(uint256(keccak256("open")), 1, false);
        for (uint256 s; s < 40; ++s) {
            handler.submit(s, uint256(keccak256(abi.encode("submit", s))), 1);
        }
        handler.closeRound(true);
        for (uint256 s; s < 20; ++s) {
            handler.settle(uint256(keccak256(abi.encode("settle", s))), uint8(s));
        }
        assertGt(handler.ordersAccepted(), 0);
        assertGt(handler.settlesAccepted(), 0);
        assertGt(handler.peopleRoundsSettled(), 0);
        assertEq(handler.ghostAcceptedAgainstModel(), 0);
        assertEq(handler.ghostRefusedAgainstModel(), 0);
        invariant_householdCoinsChangeOnlyByEndowmentAndSettledTrades();
        assertTrue(coin.balanceOf(accounts[0]) != INIT_COINS || coin.balanceOf(accounts[1]) != INIT_COINS);
    }

    /// @dev Takes, releases and the host's deadlines are driven too: a fixed walk takes two
    /// households, is refused a second take and a stranger's, releases one, pauses and resumes
    /// an open round, and the model and the chain agree throughout.
    function test_handler_drivesTakesReleasesAndDeadlines() public {
        handler.take(1, 0);
        handler.take(3, 0);
        handler.take(1, 0); // taken already: refused
        handler.take(accounts.length, 0x5eed); // a stranger: refused
        handler.release(3, 0);
        handler.release(3, 0); // not taken: refused
        handler.openRound(uint256(keccak256("open")), 1, true);
        handler.setDeadline(0, 1); // pause: open until closed
        handler.warp(39);
        handler.submit(1, uint256(keccak256("late but paused")), 1);
        handler.setDeadline(4, 1); // resume with a fresh countdown
        handler.setDeadline(2, 1); // a deadline of now: refused
        handler.closeRound(true);
        handler.setDeadline(0, 1); // closed: refused
        assertEq(handler.takesAccepted(), 2);
        assertEq(handler.releasesAccepted(), 1);
        assertEq(handler.deadlinesMoved(), 2);
        assertEq(handler.ghostAcceptedAgainstModel(), 0);
        assertEq(handler.ghostRefusedAgainstModel(), 0);
        assertTrue(market.taken(1));
        assertFalse(market.taken(3));
        invariant_aHouseholdIsTakenOnlyByItsOwnRegisteredAccount();
        invariant_ordersExistOnlyInOpenedRoundsWithinTheirRangeAndSeat();
    }

    function invariant_householdCoinsChangeOnlyByEndowmentAndSettledTrades() public view {
        uint256 sum;
        for (uint256 i; i < accounts.length; ++i) {
            assertEq(coin.balanceOf(accounts[i]), handler.ghostCoins(i));
            sum += coin.balanceOf(accounts[i]);
        }
        assertEq(coin.balanceOf(operator), handler.ghostOperatorCoins());
        assertEq(sum + coin.balanceOf(operator), coin.totalSupply());
        assertEq(coin.totalSupply(), market.endowment() * market.householdCount());
        assertEq(coin.balanceOf(address(market)), 0);
    }

    /// @dev Every call the chain accepted, the rules allow (orders outside an open round, a
    /// second order, trades off range or against an order) and every call the rules allow, the
    /// chain accepted.
    function invariant_chainAcceptsExactlyWhatTheRulesAllow() public view {
        assertEq(handler.ghostAcceptedAgainstModel(), 0);
        assertEq(handler.ghostRefusedAgainstModel(), 0);
    }

    function invariant_atMostOneOrderPerHouseholdPerRound() public view {
        for (uint256 i; i < handler.openedCount(); ++i) {
            uint256 round = handler.openedRounds(i);
            uint256 orders = market.roundState(round).orders;
            assertEq(orders, handler.ordersIn(round));
            assertEq(orders, handler.modelOrders(round));
            assertLe(orders, accounts.length);
        }
    }

    /// @dev takeHousehold names no household: each account reaches only the one it is registered
    /// under, so a taken household is held by exactly one account, its own, and no take or
    /// release ever moved another household's flag.
    function invariant_aHouseholdIsTakenOnlyByItsOwnRegisteredAccount() public view {
        assertEq(handler.ghostTakesTouchingOthers(), 0);
        for (uint256 i; i < accounts.length; ++i) {
            assertEq(market.taken(i), handler.ghostTaken(i));
            address taker = handler.ghostTaker(i);
            if (market.taken(i)) {
                assertEq(taker, accounts[i]);
                assertEq(market.indexOf(taker), i);
            } else {
                assertEq(taker, address(0));
            }
        }
    }

    /// @dev Every order the market holds sits in a round opened for people, on a seat the
    /// operator gave, inside the round's price range (itself inside the hard range), a whole
    /// number of 100 Wh units within the seat's limit for its side; a round never opened holds
    /// no seat and no order. (That each was accepted only while its round was open and before
    /// its deadline is invariant_chainAcceptsExactlyWhatTheRulesAllow.)
    function invariant_ordersExistOnlyInOpenedRoundsWithinTheirRangeAndSeat() public view {
        uint256 span = handler.roundsSpan();
        for (uint256 r; r < span; ++r) {
            EnergyMarket.RoundState memory st = market.roundState(r);
            uint256 count;
            for (uint256 i; i < accounts.length; ++i) {
                EnergyMarket.Order memory o = market.orderOf(r, i);
                if (!st.opened) {
                    assertEq(o.maxBuyWh + o.maxSellWh, 0);
                    assertFalse(o.submitted);
                    continue;
                }
                if (!o.submitted) continue;
                ++count;
                assertLe(o.side, market.SELL());
                assertGt(o.amountWh, 0);
                assertEq(o.amountWh % market.ORDER_STEP_WH(), 0);
                assertLe(o.amountWh, o.side == market.BUY() ? o.maxBuyWh : o.maxSellWh);
                assertGe(o.pricePerWh, st.priceMinPerWh);
                assertLe(o.pricePerWh, st.priceMaxPerWh);
            }
            assertEq(st.orders, count);
            if (st.opened) {
                assertGe(st.priceMinPerWh, market.priceFloorPerWh());
                assertLe(st.priceMaxPerWh, market.priceCeilingPerWh());
            }
        }
    }

    function invariant_noRoundSettlesTwice() public view {
        assertEq(handler.ghostReplaysAccepted(), 0);
        assertEq(market.settledRounds(), handler.ghostSettledRounds());
    }

    function invariant_nobodyButTheOperatorChangesAnythingButTheirOwnOrder() public view {
        assertEq(handler.ghostUnauthorizedSuccesses(), 0);
        assertEq(market.operator(), operator);
        assertEq(market.pendingOperator(), address(0));
        assertEq(market.householdCount(), accounts.length);
    }
}
