// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyCoin} from "./EnergyCoin.sol";

/// @title EnergyMarket
/// @notice The neighbourhood's registry and settlement: households, their energy figures, grid
/// money and loyalty, and the rounds (simulated hours) settled so far.
/// @dev One deployment holds one run's books; a new run deploys a fresh coin and market pair.
/// Settlement takes one or several consecutive rounds per call with packed calldata, nets every
/// household's coin movement across the call and writes each touched household once.
contract EnergyMarket {
    /// @notice A household's books, as returned by the views.
    struct Household {
        address account;
        bool hasPv;
        uint40 batteryWh;
        uint48 loyaltyPpm;
        int96 moneyBalance;
        uint40 producedWh;
        uint40 consumedWh;
        uint40 gridImportWh;
        uint40 gridExportWh;
    }

    /// @dev Storage: slot a = account (0..159) | hasPv (160) | batteryWh (168..207) |
    /// loyaltyPpm (208..255); slot b = money int96 (0..95) | produced (96..135) |
    /// consumed (136..175) | gridImport (176..215) | gridExport (216..255).
    struct Packed {
        uint256 a;
        uint256 b;
    }

    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant MASK48 = (1 << 48) - 1;
    uint256 private constant MASK168 = (1 << 168) - 1;

    /// @notice The coin this market settles in.
    EnergyCoin public immutable coin;
    /// @notice The service provider: the only account that registers households and settles.
    address public operator;
    /// @notice Number of rounds settled; the next settlement must start at this round.
    uint256 public settledRounds;
    /// @notice Number of registered households (indices 0..householdCount-1).
    uint256 public householdCount;

    mapping(uint256 index => Packed) private _households;
    mapping(address account => uint256 indexPlusOne) private _indexOf;

    /// @notice The operator role moved.
    event OperatorTransferred(address indexed previousOperator, address indexed newOperator);
    /// @notice A household joined the market.
    event HouseholdRegistered(uint256 indexed index, address indexed account, bool hasPv);
    /// @notice Energy changed hands between two households at a price in base units per Wh.
    /// `buyerPricePerWh` is what the buyer paid: above `pricePerWh` only for mechanisms that are
    /// not budget balanced (McAfee), where the difference goes to the operator (the auctioneer).
    event Trade(
        uint256 indexed round,
        uint256 buyer,
        uint256 seller,
        uint256 energyWh,
        uint256 pricePerWh,
        uint256 buyerPricePerWh
    );
    /// @notice A round was settled. `clearingPricePerWh` is 0 when the round had no clearing price.
    event RoundSettled(uint256 indexed round, uint256 clearingPricePerWh, uint256 trades);
    /// @notice A household's books after a settlement call (absolute values).
    event HouseholdUpdated(
        uint256 indexed index,
        uint256 batteryWh,
        uint256 loyaltyPpm,
        int256 moneyBalance,
        uint256 producedWh,
        uint256 consumedWh,
        uint256 gridImportWh,
        uint256 gridExportWh
    );

    /// @notice The caller is not the operator.
    error NotOperator(address caller);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice The account is already registered under `index`.
    error HouseholdExists(address account, uint256 index);
    /// @notice No household has this index.
    error UnknownHousehold(uint256 index, uint256 householdCount);
    /// @notice No household has this account.
    error NotRegistered(address account);
    /// @notice Rounds settle in order: the call must start at `expected`.
    error RoundOutOfOrder(uint256 expected, uint256 given);
    /// @notice A settlement call must contain at least one round.
    error EmptyBatch();
    /// @notice Two arrays that must have the same length do not.
    error LengthMismatch(uint256 left, uint256 right);
    /// @notice The rounds' trade counts sum to `declared` but `given` trades were passed.
    error TradeCountMismatch(uint256 declared, uint256 given);
    /// @notice A trade has no energy, the same household on both sides, or a buyer price below
    /// the seller price.
    error InvalidTrade(uint256 round, uint256 tradeIndex);
    /// @notice Household updates must name strictly ascending indices (each at most once).
    error UpdatesNotAscending(uint256 previous, uint256 index);
    /// @notice A cumulative figure no longer fits its storage field.
    error ValueOverflow(int256 value);
    /// @notice A range view asked for households that do not exist.
    error RangeOutOfBounds(uint256 start, uint256 count, uint256 householdCount);

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    /// @param coin_ The coin to settle in; it must name this market via `setMarket`.
    /// @param operator_ The service provider account.
    constructor(EnergyCoin coin_, address operator_) {
        if (address(coin_) == address(0) || operator_ == address(0)) revert ZeroAddress();
        coin = coin_;
        operator = operator_;
        emit OperatorTransferred(address(0), operator_);
    }

    /// @notice Hands the operator role to `newOperator`.
    function transferOperator(address newOperator) external onlyOperator {
        if (newOperator == address(0)) revert ZeroAddress();
        emit OperatorTransferred(operator, newOperator);
        operator = newOperator;
    }

    /// @notice Registers households; indices are assigned in order from `householdCount`.
    /// @param entries Each word: account in bits 0..159, hasPv in bit 160.
    function registerHouseholds(uint256[] calldata entries) external onlyOperator {
        uint256 index = householdCount;
        for (uint256 i; i < entries.length; ++i) {
            uint256 e = entries[i];
            address account = address(uint160(e));
            bool hasPv = (e >> 160) & 1 == 1;
            if (account == address(0)) revert ZeroAddress();
            uint256 existing = _indexOf[account];
            if (existing != 0) revert HouseholdExists(account, existing - 1);
            _indexOf[account] = index + 1;
            _households[index].a = uint256(uint160(account)) | (hasPv ? 1 << 160 : 0);
            emit HouseholdRegistered(index, account, hasPv);
            ++index;
        }
        householdCount = index;
    }

    /// @notice Settles `rounds.length` consecutive rounds starting at `firstRound`.
    /// @param firstRound Must equal {settledRounds}.
    /// @param rounds One word per round: clearing price in base units per Wh (bits 0..63, 0 =
    /// none), number of trades of the round (bits 64..95).
    /// @param trades One word per trade, rounds in order: buyer (bits 0..31), seller (32..63),
    /// energyWh (64..127), pricePerWh (128..191), buyerPricePerWh (192..255, 0 = pricePerWh).
    /// The seller receives energyWh * pricePerWh exactly, the buyer pays energyWh *
    /// buyerPricePerWh, and the operator (auctioneer) receives any difference.
    /// @param updateHeads One word per updated household, ascending index: index (bits 0..31),
    /// absolute batteryWh (32..71), absolute loyaltyPpm (72..119).
    /// @param updateDeltas Parallel to `updateHeads`: money delta int96 (bits 0..95), produced,
    /// consumed, gridImport, gridExport deltas (40 bits each from bit 96).
    function settle(
        uint256 firstRound,
        uint256[] calldata rounds,
        uint256[] calldata trades,
        uint256[] calldata updateHeads,
        uint256[] calldata updateDeltas
    ) external onlyOperator {
        if (firstRound != settledRounds) {
            revert RoundOutOfOrder(settledRounds, firstRound);
        }
        if (rounds.length == 0) revert EmptyBatch();
        if (updateHeads.length != updateDeltas.length) {
            revert LengthMismatch(updateHeads.length, updateDeltas.length);
        }
        uint256 n = householdCount;
        settledRounds = firstRound + rounds.length;

        Netting memory ctx = Netting({
            net: new int256[](n), touched: new uint256[](n), seen: new bool[](n), count: 0, n: n, auctioneerSurplus: 0
        });
        _settleRounds(firstRound, rounds, trades, ctx);
        if (ctx.count != 0) _settleCoins(ctx);
        _applyUpdates(updateHeads, updateDeltas, n);
    }

    /// @dev Per-call coin netting: the running net of each household and which ones trades touched.
    struct Netting {
        int256[] net;
        uint256[] touched;
        bool[] seen;
        uint256 count;
        uint256 n;
        uint256 auctioneerSurplus;
    }

    function _settleRounds(uint256 firstRound, uint256[] calldata rounds, uint256[] calldata trades, Netting memory ctx)
        private
    {
        uint256 t;
        for (uint256 r; r < rounds.length; ++r) {
            uint256 rw = rounds[r];
            uint256 count = (rw >> 64) & 0xffffffff;
            uint256 end = t + count;
            if (end > trades.length) revert TradeCountMismatch(end, trades.length);
            uint256 round = firstRound + r;
            for (; t < end; ++t) {
                _applyTrade(ctx, trades[t], round, t);
            }
            emit RoundSettled(round, rw & type(uint64).max, count);
        }
        if (t != trades.length) revert TradeCountMismatch(t, trades.length);
    }

    function _applyTrade(Netting memory ctx, uint256 w, uint256 round, uint256 t) private {
        uint256 n = ctx.n;
        uint256 buyer = w & 0xffffffff;
        uint256 seller = (w >> 32) & 0xffffffff;
        uint256 energy = (w >> 64) & type(uint64).max;
        uint256 price = (w >> 128) & type(uint64).max;
        uint256 buyerPrice = w >> 192;
        if (buyerPrice == 0) buyerPrice = price;
        if (buyer >= n) revert UnknownHousehold(buyer, n);
        if (seller >= n) revert UnknownHousehold(seller, n);
        if (energy == 0 || buyer == seller || buyerPrice < price) revert InvalidTrade(round, t);
        // All factors are below 2^64, so the products are exact and fit in int256.
        // forge-lint: disable-next-line(unsafe-typecast)
        ctx.net[buyer] -= int256(energy * buyerPrice);
        // forge-lint: disable-next-line(unsafe-typecast)
        ctx.net[seller] += int256(energy * price);
        ctx.auctioneerSurplus += energy * (buyerPrice - price);
        if (!ctx.seen[buyer]) {
            ctx.seen[buyer] = true;
            ctx.touched[ctx.count++] = buyer;
        }
        if (!ctx.seen[seller]) {
            ctx.seen[seller] = true;
            ctx.touched[ctx.count++] = seller;
        }
        emit Trade(round, buyer, seller, energy, price, buyerPrice);
    }

    /// @dev One coin call per settlement: the net delta of every household a trade touched.
    function _settleCoins(Netting memory ctx) private {
        uint256 count = ctx.count;
        uint256[] memory entries = new uint256[](count + 1);
        uint256 m;
        for (uint256 i; i < count; ++i) {
            uint256 h = ctx.touched[i];
            int256 d = ctx.net[h];
            if (d == 0) continue;
            address account = address(uint160(_households[h].a));
            entries[m++] = uint256(uint160(account)) | (uint256(uint96(_toInt96(d))) << 160);
        }
        if (ctx.auctioneerSurplus != 0) {
            entries[m++] =
                uint256(uint160(operator)) | (uint256(uint96(_toInt96(int256(ctx.auctioneerSurplus)))) << 160);
        }
        assembly ("memory-safe") {
            mstore(entries, m)
        }
        if (m != 0) coin.settleNet(entries);
    }

    function _applyUpdates(uint256[] calldata heads, uint256[] calldata deltas, uint256 n) private {
        uint256 previous;
        for (uint256 i; i < heads.length; ++i) {
            uint256 h = heads[i];
            uint256 index = h & 0xffffffff;
            if (index >= n) revert UnknownHousehold(index, n);
            if (i != 0 && index <= previous) revert UpdatesNotAscending(previous, index);
            previous = index;
            uint256 battery = (h >> 32) & MASK40;
            uint256 loyalty = (h >> 72) & MASK48;

            Packed storage s = _households[index];
            s.a = (s.a & MASK168) | (battery << 168) | (loyalty << 208);

            uint256 d = deltas[i];
            uint256 b = s.b;
            // forge-lint: disable-next-line(unsafe-typecast)
            int256 money = int256(int96(uint96(b))) + int256(int96(uint96(d)));
            uint256 produced = ((b >> 96) & MASK40) + ((d >> 96) & MASK40);
            uint256 consumed = ((b >> 136) & MASK40) + ((d >> 136) & MASK40);
            uint256 gridImport = ((b >> 176) & MASK40) + ((d >> 176) & MASK40);
            uint256 gridExport = ((b >> 216) & MASK40) + (d >> 216);
            // Checked narrowing: a total that no longer fits its field reverts instead of wrapping.
            s.b = uint256(uint96(_toInt96(money))) | (_to40(produced) << 96) | (_to40(consumed) << 136)
                | (_to40(gridImport) << 176) | (_to40(gridExport) << 216);
            emit HouseholdUpdated(index, battery, loyalty, money, produced, consumed, gridImport, gridExport);
        }
    }

    function _to40(uint256 x) private pure returns (uint256) {
        if (x > MASK40) revert ValueOverflow(int256(x));
        return x;
    }

    function _toInt96(int256 x) private pure returns (int96) {
        if (x > type(int96).max || x < type(int96).min) revert ValueOverflow(x);
        // forge-lint: disable-next-line(unsafe-typecast)
        return int96(x);
    }

    /// @notice The books of household `index`.
    function household(uint256 index) public view returns (Household memory h) {
        if (index >= householdCount) revert UnknownHousehold(index, householdCount);
        Packed storage s = _households[index];
        uint256 a = s.a;
        uint256 b = s.b;
        h.account = address(uint160(a));
        h.hasPv = (a >> 160) & 1 == 1;
        h.batteryWh = uint40(a >> 168);
        h.loyaltyPpm = uint48(a >> 208);
        h.moneyBalance = int96(uint96(b));
        h.producedWh = uint40(b >> 96);
        h.consumedWh = uint40(b >> 136);
        h.gridImportWh = uint40(b >> 176);
        h.gridExportWh = uint40(b >> 216);
    }

    /// @notice Books and coin balances of households `start .. start+count-1`, in one call.
    function households(uint256 start, uint256 count)
        external
        view
        returns (Household[] memory list, uint256[] memory coinBalances)
    {
        if (start + count > householdCount) revert RangeOutOfBounds(start, count, householdCount);
        list = new Household[](count);
        coinBalances = new uint256[](count);
        for (uint256 i; i < count; ++i) {
            list[i] = household(start + i);
            coinBalances[i] = coin.balanceOf(list[i].account);
        }
    }

    /// @notice The index of the household registered under `account`.
    function indexOf(address account) external view returns (uint256) {
        uint256 v = _indexOf[account];
        if (v == 0) revert NotRegistered(account);
        return v - 1;
    }
}
