// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {EnergyCoin} from "./EnergyCoin.sol";

/// @title EnergyMarket
/// @notice The neighbourhood's registry and settlement: households, their energy figures, grid
/// money and loyalty, and the rounds (simulated hours) settled so far.
/// @dev One deployment holds one run's books; a new run deploys a fresh market, which creates
/// its own coin. Everything that bounds the operator is fixed at deployment ({config}, {runId}):
/// how many households may join, the coins each receives (its endowment, minted at
/// registration, the only mint there is), the coin/money exchange rate, and the hard price
/// range. Settlement takes one or several consecutive rounds per call with packed calldata, nets
/// every household's coin movement across the call and writes each touched household once.
contract EnergyMarket {
    /// @notice The market's parameters, fixed at deployment.
    /// @param households How many households may be registered (at most 2^32 - 1).
    /// @param endowment Coins (base units) minted to each household when it is registered.
    /// @param priceFloorPerWh Lowest price (base units per Wh) any round may declare or trade at.
    /// @param priceCeilingPerWh Highest price (base units per Wh) any round may declare or trade
    /// at (at most 2^64 - 1).
    /// @param moneyPerCoinPpm Coin/money exchange rate, ppm (1_000_000 = one money per coin).
    struct Config {
        uint256 households;
        uint256 endowment;
        uint256 priceFloorPerWh;
        uint256 priceCeilingPerWh;
        uint256 moneyPerCoinPpm;
    }

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
    /// loyaltyPpm (208..255); slot b = money int96 (0..95) with its top bit flipped (bit 95 is
    /// set for money 0) | produced (96..135) | consumed (136..175) | gridImport (176..215) |
    /// gridExport (216..255). The flipped bit makes slot b non-zero from registration on, so a
    /// household's first update in a settle call rewrites a slot (5k gas) instead of creating one
    /// (22k): registration pays that once, and the first settle of 1,000 households fits a block.
    /// Slot b is the settle word's books layout XOR MONEY_BIAS.
    struct Packed {
        uint256 a;
        uint256 b;
    }

    uint256 private constant MASK40 = (1 << 40) - 1;
    uint256 private constant MASK48 = (1 << 48) - 1;
    uint256 private constant MASK64 = (1 << 64) - 1;
    uint256 private constant MASK168 = (1 << 168) - 1;
    uint256 private constant MONEY_BIAS = 1 << 95;

    /// @notice An order's side: the household buys.
    uint8 public constant BUY = 0;
    /// @notice An order's side: the household sells.
    uint8 public constant SELL = 1;
    /// @notice Orders come in whole trading units of this many Wh (the thesis's divNum).
    uint256 public constant ORDER_STEP_WH = 100;

    /// @notice A round opened for people, as returned by {roundState}.
    /// @param opened The operator opened this round for people.
    /// @param open Orders are accepted right now.
    /// @param closed The round was closed (explicitly, by opening the next one, or at settlement).
    /// @param deadline Unix time (block.timestamp) after which no order is accepted; 0 = none.
    /// @param orders Orders accepted so far.
    struct RoundState {
        bool opened;
        bool open;
        bool closed;
        uint256 priceMinPerWh;
        uint256 priceMaxPerWh;
        uint256 deadline;
        uint256 orders;
    }

    /// @notice A household's seat in a round opened for people, as returned by {orderOf}: the
    /// limits the operator gave it and the order it submitted, if any.
    struct Order {
        uint256 maxBuyWh;
        uint256 maxSellWh;
        bool submitted;
        uint8 side;
        uint256 amountWh;
        uint256 pricePerWh;
    }

    /// @dev Opened round record: priceMin (0..63) | priceMax (64..127) | deadline (128..167) |
    /// orders (168..199) | closed (200) | opened (201, so the record is never zero).
    uint256 private constant ROUND_ORDER_ONE = 1 << 168;
    uint256 private constant ROUND_CLOSED = 1 << 200;
    uint256 private constant ROUND_OPENED = 1 << 201;
    /// @dev Seat: maxBuyWh (0..39) | maxSellWh (40..79) | submitted (80) | side (81) |
    /// amountWh (88..127) | pricePerWh (128..191).
    uint256 private constant SEAT_LIMITS = (1 << 80) - 1;
    uint256 private constant SEAT_SUBMITTED = 1 << 80;

    /// @notice The coin this market settles in; created by this market, which is its only minter.
    EnergyCoin public immutable coin;
    /// @notice Identifies the run these books belong to (given at deployment, never zero), so a
    /// settler can tell its own market from another run's at the same deterministic address.
    bytes32 public immutable runId;
    /// @notice How many households may ever be registered.
    uint256 public immutable maxHouseholds;
    /// @notice Coins (base units) each household receives once, when it is registered.
    uint256 public immutable endowment;
    /// @notice The hard price range in base units per Wh: every round's range lies inside it.
    uint256 public immutable priceFloorPerWh;
    /// @notice See {priceFloorPerWh}.
    uint256 public immutable priceCeilingPerWh;
    /// @notice The service provider: the only account that registers households and settles.
    address public operator;
    /// @notice The account proposed as the next operator; zero when none. It becomes operator
    /// only by calling {acceptOperator}.
    address public pendingOperator;
    /// @notice Number of rounds settled; the next settlement must start at this round.
    uint256 public settledRounds;
    /// @notice Number of registered households (indices 0..householdCount-1).
    uint256 public householdCount;

    mapping(uint256 index => Packed) private _households;
    mapping(address account => uint256 indexPlusOne) private _indexOf;

    /// @dev The last round opened for people, plus one (0 = none yet).
    uint256 private _lastOpenedPlusOne;
    /// @dev Record of each round opened for people (see ROUND_*).
    mapping(uint256 round => uint256 record) private _opened;
    /// @dev One bit per round opened for people, so settle finds them at one read per 256 rounds.
    mapping(uint256 word => uint256 bits) private _openedBits;
    /// @dev Each household's seat (limits and order) in each round opened for people.
    mapping(uint256 round => mapping(uint256 index => uint256 seat)) private _seats;
    /// @notice Households a person has taken over from their agent (see {takeHousehold}).
    mapping(uint256 index => bool) public taken;

    /// @notice The market was deployed for run `runId` with its fixed parameters.
    event MarketCreated(bytes32 indexed runId, address indexed coin, address indexed operator, Config config);
    /// @notice The operator role moved (at deployment from the zero address).
    event OperatorTransferred(address indexed previousOperator, address indexed newOperator);
    /// @notice The operator proposed `pendingOperator` as its successor.
    event OperatorProposed(address indexed operator, address indexed pendingOperator);
    /// @notice The operator withdrew its proposal of `pendingOperator`.
    event OperatorProposalCancelled(address indexed operator, address indexed pendingOperator);
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
    /// @notice A round was settled. `clearingPricePerWh` is 0 when the round had no clearing price
    /// (it is the engine's report and moves no value). Every trade of the round paid and received
    /// prices inside [priceMinPerWh, priceMaxPerWh], the round's live range, which lies inside
    /// the market's hard range.
    event RoundSettled(
        uint256 indexed round, uint256 clearingPricePerWh, uint256 trades, uint256 priceMinPerWh, uint256 priceMaxPerWh
    );
    /// @notice The operator opened `round` for people's orders. Each `limits` word names a
    /// household that may submit and its limits: index (bits 0..31), maxBuyWh (32..71),
    /// maxSellWh (72..111). `deadline` is a Unix time (0 = until closed).
    event RoundOpened(
        uint256 indexed round, uint256 priceMinPerWh, uint256 priceMaxPerWh, uint256 deadline, uint256[] limits
    );
    /// @notice Household `household` (account `account`) submitted its order for `round`: side
    /// 0 = buy, 1 = sell, `amountWh` at limit price `pricePerWh` (base units per Wh).
    event OrderSubmitted(
        uint256 indexed round,
        uint256 indexed household,
        address indexed account,
        uint8 side,
        uint256 amountWh,
        uint256 pricePerWh
    );
    /// @notice `round` accepts no more orders; it received `orders` in all.
    event RoundClosed(uint256 indexed round, uint256 orders);
    /// @notice The operator moved `round`'s deadline to `deadline` (0 = until closed, e.g. while
    /// the host has paused).
    event DeadlineSet(uint256 indexed round, uint256 deadline);
    /// @notice A person took household `index` over from its agent, from its own account: the
    /// operator opens the coming rounds with a seat for it and waits for its orders.
    event HouseholdTaken(uint256 indexed index, address indexed account);
    /// @notice Household `index`'s person handed it back to its agent.
    event HouseholdReleased(uint256 indexed index, address indexed account);
    /// @notice The operator's score of the households people played, after `rounds` rounds: each
    /// one's money plus coins in base units (`you`, the engine's books, which the settled books
    /// equal once `settledRounds == rounds`) and what its agent would have had in its place on the
    /// same seed (`agent`, the engine's replay of the run without people). The operator's report,
    /// not checked on chain: it is there so that a participant's page, which runs no engine, can
    /// show its score.
    event ScoresPosted(uint256 indexed rounds, uint256[] households, int256[] you, int256[] agent);
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
    /// @notice The run id must not be zero.
    error ZeroRunId();
    /// @notice The number of households must be in [1, 2^32 - 1].
    error InvalidHouseholdCount(uint256 households);
    /// @notice A price range must have min <= max and lie inside [floor, ceiling].
    error InvalidPriceRange(uint256 priceMinPerWh, uint256 priceMaxPerWh, uint256 floor, uint256 ceiling);
    /// @notice The caller is not the pending operator.
    error NotPendingOperator(address caller);
    /// @notice There is no operator proposal to cancel.
    error NoPendingOperator();
    /// @notice The proposed account already is the operator.
    error AlreadyOperator(address account);
    /// @notice A household's account cannot become the operator (it would collect the
    /// auctioneer's surplus into a household's coins).
    error HouseholdCannotOperate(address account, uint256 index);
    /// @notice The operator, the pending operator, the market and its coin cannot be households.
    error ReservedAccount(address account);
    /// @notice Households can no longer be registered: a round was already settled or opened.
    error RegistrationClosed();
    /// @notice Registering would exceed the market's fixed number of households.
    error TooManyHouseholds(uint256 requested, uint256 maxHouseholds);
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
    /// @notice A round's declared price range is empty or leaves the market's hard range
    /// [floor, ceiling].
    error RoundPriceRangeInvalid(
        uint256 round, uint256 priceMinPerWh, uint256 priceMaxPerWh, uint256 floor, uint256 ceiling
    );
    /// @notice A trade's seller price is below, or its buyer price above, its round's range.
    error TradePriceOutOfRange(
        uint256 round,
        uint256 tradeIndex,
        uint256 pricePerWh,
        uint256 buyerPricePerWh,
        uint256 priceMinPerWh,
        uint256 priceMaxPerWh
    );
    /// @notice Household updates must name strictly ascending indices (each at most once).
    error UpdatesNotAscending(uint256 previous, uint256 index);
    /// @notice A household's net coin movement in one settle call does not fit int96 (it cannot
    /// happen while the coin supply, households x endowment, stays below 2^95 base units).
    error ValueOverflow(int256 value);
    /// @notice The caller's account is not a registered household.
    error NotAHousehold(address caller);
    /// @notice This round is not open for orders (it was never opened for people).
    error RoundNotOpen(uint256 round);
    /// @notice This round no longer accepts orders: it was closed.
    error RoundAlreadyClosed(uint256 round);
    /// @notice This round's deadline for orders has passed.
    error DeadlinePassed(uint256 round, uint256 deadline);
    /// @notice This household was not given a seat (limits) in this round.
    error HouseholdNotInRound(uint256 round, uint256 household);
    /// @notice This household already submitted its one order for this round.
    error AlreadySubmitted(uint256 round, uint256 household);
    /// @notice The side must be 0 (buy) or 1 (sell).
    error InvalidSide(uint8 side);
    /// @notice An order needs an amount above zero.
    error ZeroAmount();
    /// @notice An order's amount must be a whole number of 100 Wh units.
    error AmountNotMultipleOf100Wh(uint256 amountWh);
    /// @notice The amount is above this household's limit for that side in this round.
    error AmountOverLimit(uint256 amountWh, uint256 limitWh);
    /// @notice The price is outside this round's price range.
    error PriceOutOfRange(uint256 pricePerWh, uint256 priceMinPerWh, uint256 priceMaxPerWh);
    /// @notice A round cannot be opened once it is settled.
    error RoundAlreadySettled(uint256 round, uint256 settledRounds);
    /// @notice Rounds open for people in increasing order: `round` is not after `lastOpened`.
    error RoundOpenedOutOfOrder(uint256 round, uint256 lastOpened);
    /// @notice A deadline must be 0 (none) or a Unix time after now that fits 40 bits.
    error InvalidDeadline(uint256 deadline, uint256 timestamp);
    /// @notice A round's limits must name strictly ascending household indices.
    error LimitsNotAscending(uint256 previous, uint256 index);
    /// @notice A round opened for people settles only once it is closed.
    error RoundStillOpen(uint256 round);
    /// @notice A round opened for people must settle with the price range it was opened with.
    error RoundRangeMismatch(
        uint256 round, uint256 openedMin, uint256 openedMax, uint256 declaredMin, uint256 declaredMax
    );
    /// @notice A trade does not respect the order `household` submitted on chain for its round:
    /// wrong side, beyond the order's amount, or at a worse price than its limit.
    error TradeBreaksOrder(uint256 round, uint256 tradeIndex, uint256 household);
    /// @notice A range view asked for households that do not exist.
    error RangeOutOfBounds(uint256 start, uint256 count, uint256 householdCount);
    /// @notice Household `index` is already taken over by a person.
    error HouseholdAlreadyTaken(uint256 index);
    /// @notice Household `index` is played by its agent: there is nothing to release.
    error HouseholdNotTaken(uint256 index);

    modifier onlyOperator() {
        if (msg.sender != operator) revert NotOperator(msg.sender);
        _;
    }

    /// @notice Deploys the market and its coin.
    /// @param operator_ The service provider account.
    /// @param runId_ The run these books belong to; any value but zero (e.g. random 32 bytes).
    /// @param config_ The market's fixed parameters, see {Config}.
    constructor(address operator_, bytes32 runId_, Config memory config_) {
        if (operator_ == address(0)) revert ZeroAddress();
        if (runId_ == bytes32(0)) revert ZeroRunId();
        if (config_.households == 0 || config_.households > type(uint32).max) {
            revert InvalidHouseholdCount(config_.households);
        }
        if (config_.priceFloorPerWh > config_.priceCeilingPerWh || config_.priceCeilingPerWh > type(uint64).max) {
            revert InvalidPriceRange(config_.priceFloorPerWh, config_.priceCeilingPerWh, 0, type(uint64).max);
        }
        coin = new EnergyCoin(config_.moneyPerCoinPpm);
        runId = runId_;
        maxHouseholds = config_.households;
        endowment = config_.endowment;
        priceFloorPerWh = config_.priceFloorPerWh;
        priceCeilingPerWh = config_.priceCeilingPerWh;
        operator = operator_;
        emit MarketCreated(runId_, address(coin), operator_, config_);
        emit OperatorTransferred(address(0), operator_);
    }

    /// @notice The market's fixed parameters.
    function config() external view returns (Config memory) {
        return Config({
            households: maxHouseholds,
            endowment: endowment,
            priceFloorPerWh: priceFloorPerWh,
            priceCeilingPerWh: priceCeilingPerWh,
            moneyPerCoinPpm: coin.moneyPerCoinPpm()
        });
    }

    /// @notice First step of handing over the market: proposes `next` as operator. It takes
    /// over only when it calls {acceptOperator}; until then the proposal can be replaced or
    /// cancelled. There is no way to leave the market without an operator.
    function proposeOperator(address next) external onlyOperator {
        if (next == address(0)) revert ZeroAddress();
        if (next == operator) revert AlreadyOperator(next);
        uint256 index = _indexOf[next];
        if (index != 0) revert HouseholdCannotOperate(next, index - 1);
        pendingOperator = next;
        emit OperatorProposed(operator, next);
    }

    /// @notice Withdraws the pending proposal.
    function cancelOperatorProposal() external onlyOperator {
        address pending = pendingOperator;
        if (pending == address(0)) revert NoPendingOperator();
        pendingOperator = address(0);
        emit OperatorProposalCancelled(operator, pending);
    }

    /// @notice Second step: the pending operator takes over the role.
    function acceptOperator() external {
        if (msg.sender != pendingOperator || msg.sender == address(0)) revert NotPendingOperator(msg.sender);
        emit OperatorTransferred(operator, msg.sender);
        operator = msg.sender;
        pendingOperator = address(0);
    }

    /// @notice Registers households and mints each its {endowment}; indices are assigned in
    /// order from `householdCount`. Only before the first round is settled or opened, and at
    /// most {maxHouseholds} in all, so the coin supply is fixed once trading starts.
    /// @param entries Each word: account in bits 0..159, hasPv in bit 160.
    function registerHouseholds(uint256[] calldata entries) external onlyOperator {
        if (settledRounds != 0 || _lastOpenedPlusOne != 0) revert RegistrationClosed();
        uint256 index = householdCount;
        uint256 total = index + entries.length;
        if (total > maxHouseholds) revert TooManyHouseholds(total, maxHouseholds);
        address[] memory minted = new address[](entries.length);
        for (uint256 i; i < entries.length; ++i) {
            uint256 e = entries[i];
            // forge-lint: disable-next-line(unsafe-typecast)
            address account = address(uint160(e));
            bool hasPv = (e >> 160) & 1 == 1;
            if (account == address(0)) revert ZeroAddress();
            if (
                account == operator || account == pendingOperator || account == address(this)
                    || account == address(coin)
            ) revert ReservedAccount(account);
            uint256 existing = _indexOf[account];
            if (existing != 0) revert HouseholdExists(account, existing - 1);
            _indexOf[account] = index + 1;
            Packed storage p = _households[index];
            p.a = uint256(uint160(account)) | (hasPv ? 1 << 160 : 0);
            p.b = MONEY_BIAS;
            minted[i] = account;
            emit HouseholdRegistered(index, account, hasPv);
            ++index;
        }
        householdCount = index;
        coin.mintEndowments(minted, endowment);
    }

    // ---- Rounds opened for people ----

    /// @notice Opens `round` for people's orders, and closes the round opened before it if it
    /// is still open. Rounds open in increasing order, never once settled; a round opened for
    /// people settles only after it is closed, with the same price range, and its trades must
    /// respect every order submitted for it.
    /// @param round At least {settledRounds} and after the last round opened.
    /// @param priceMinPerWh Lowest price an order may name (base units per Wh).
    /// @param priceMaxPerWh Highest price an order may name; [min, max] lies in the hard range.
    /// @param deadline Unix time after which orders are refused (0 = until closed).
    /// @param limits One word per household that may submit, ascending index: index (bits
    /// 0..31), maxBuyWh (32..71), maxSellWh (72..111). A household absent from `limits` (or
    /// with both limits 0) cannot submit in this round.
    function openRound(
        uint256 round,
        uint256 priceMinPerWh,
        uint256 priceMaxPerWh,
        uint256 deadline,
        uint256[] calldata limits
    ) external onlyOperator {
        if (round < settledRounds) revert RoundAlreadySettled(round, settledRounds);
        uint256 lastPlusOne = _lastOpenedPlusOne;
        if (lastPlusOne != 0) {
            if (round < lastPlusOne) revert RoundOpenedOutOfOrder(round, lastPlusOne - 1);
            uint256 previous = _opened[lastPlusOne - 1];
            if (previous & ROUND_CLOSED == 0) _close(lastPlusOne - 1, previous);
        }
        if (priceMinPerWh > priceMaxPerWh || priceMinPerWh < priceFloorPerWh || priceMaxPerWh > priceCeilingPerWh) {
            revert InvalidPriceRange(priceMinPerWh, priceMaxPerWh, priceFloorPerWh, priceCeilingPerWh);
        }
        // Deadlines are wall-clock seconds for people; a block producer's few seconds of skew
        // are within what a person's countdown tolerates (docs/SECURITY.md).
        // forge-lint: disable-next-line(block-timestamp)
        if (deadline != 0 && (deadline <= block.timestamp || deadline > MASK40)) {
            revert InvalidDeadline(deadline, block.timestamp);
        }
        uint256 n = householdCount;
        mapping(uint256 => uint256) storage seats = _seats[round];
        for (uint256 i; i < limits.length; ++i) {
            uint256 w = limits[i];
            uint256 index = w & 0xffffffff;
            if (index >= n) revert UnknownHousehold(index, n);
            if (i != 0 && index <= (limits[i - 1] & 0xffffffff)) {
                revert LimitsNotAscending(limits[i - 1] & 0xffffffff, index);
            }
            uint256 seat = (w >> 32) & SEAT_LIMITS;
            if (seat != 0) seats[index] = seat;
        }
        _opened[round] = priceMinPerWh | (priceMaxPerWh << 64) | (deadline << 128) | ROUND_OPENED;
        // forge-lint: disable-next-line(incorrect-shift)
        _openedBits[round >> 8] |= 1 << (round & 255);
        _lastOpenedPlusOne = round + 1;
        emit RoundOpened(round, priceMinPerWh, priceMaxPerWh, deadline, limits);
    }

    /// @notice Closes `round`, the round last opened, to further orders.
    function closeRound(uint256 round) external onlyOperator {
        uint256 lastPlusOne = _lastOpenedPlusOne;
        uint256 record = _opened[round];
        if (record == 0) revert RoundNotOpen(round);
        if (round + 1 != lastPlusOne || record & ROUND_CLOSED != 0) revert RoundAlreadyClosed(round);
        _close(round, record);
    }

    /// @notice Moves the deadline of `round`, the round last opened and not yet closed: the host's
    /// pause sets 0 (open until closed) and the resume sets what was left of the countdown.
    /// @param deadline Unix time after which orders are refused (0 = until closed).
    function setDeadline(uint256 round, uint256 deadline) external onlyOperator {
        uint256 record = _opened[round];
        if (record == 0) revert RoundNotOpen(round);
        if (round + 1 != _lastOpenedPlusOne || record & ROUND_CLOSED != 0) revert RoundAlreadyClosed(round);
        // forge-lint: disable-next-line(block-timestamp)
        if (deadline != 0 && (deadline <= block.timestamp || deadline > MASK40)) {
            revert InvalidDeadline(deadline, block.timestamp);
        }
        _opened[round] = (record & ~(MASK40 << 128)) | (deadline << 128);
        emit DeadlineSet(round, deadline);
    }

    /// @notice The caller's household is played by a person from now on: the operator gives it
    /// a seat in each round it opens for people. Only the household's registered account may
    /// take it, so a participant needs nothing from the host but the market's address.
    function takeHousehold() external {
        uint256 index = _ownHousehold();
        if (taken[index]) revert HouseholdAlreadyTaken(index);
        taken[index] = true;
        emit HouseholdTaken(index, msg.sender);
    }

    /// @notice The caller's household goes back to its agent (from the next round opened).
    function releaseHousehold() external {
        uint256 index = _ownHousehold();
        if (!taken[index]) revert HouseholdNotTaken(index);
        taken[index] = false;
        emit HouseholdReleased(index, msg.sender);
    }

    /// @notice Publishes the operator's score after `rounds` rounds (see {ScoresPosted}): three
    /// parallel lists, one entry per household a person played.
    function postScores(uint256 rounds, uint256[] calldata households_, int256[] calldata you, int256[] calldata agent)
        external
        onlyOperator
    {
        if (households_.length != you.length) revert LengthMismatch(households_.length, you.length);
        if (households_.length != agent.length) revert LengthMismatch(households_.length, agent.length);
        uint256 n = householdCount;
        for (uint256 i; i < households_.length; ++i) {
            if (households_[i] >= n) revert UnknownHousehold(households_[i], n);
        }
        emit ScoresPosted(rounds, households_, you, agent);
    }

    function _ownHousehold() private view returns (uint256) {
        uint256 indexPlusOne = _indexOf[msg.sender];
        if (indexPlusOne == 0) revert NotAHousehold(msg.sender);
        return indexPlusOne - 1;
    }

    /// @notice Submits the caller's household's one order for `round`, which must be open.
    /// @param round The round opened for people (see {RoundOpened}).
    /// @param side 0 = buy, 1 = sell.
    /// @param amountWh A positive multiple of 100 Wh, at most the household's limit for `side`.
    /// @param pricePerWh The limit price in base units per Wh (1 coin per 100 Wh = 10,000),
    /// inside the round's range: a buyer pays at most this, a seller receives at least this.
    function submitOrder(uint256 round, uint8 side, uint256 amountWh, uint256 pricePerWh) external {
        uint256 indexPlusOne = _indexOf[msg.sender];
        if (indexPlusOne == 0) revert NotAHousehold(msg.sender);
        uint256 index = indexPlusOne - 1;
        uint256 record = _opened[round];
        if (record == 0) revert RoundNotOpen(round);
        if (round + 1 != _lastOpenedPlusOne || record & ROUND_CLOSED != 0) revert RoundAlreadyClosed(round);
        uint256 deadline = (record >> 128) & MASK40;
        // forge-lint: disable-next-line(block-timestamp)
        if (deadline != 0 && block.timestamp > deadline) revert DeadlinePassed(round, deadline);
        uint256 seat = _seats[round][index];
        if (seat & SEAT_LIMITS == 0) revert HouseholdNotInRound(round, index);
        if (seat & SEAT_SUBMITTED != 0) revert AlreadySubmitted(round, index);
        if (side > SELL) revert InvalidSide(side);
        if (amountWh == 0) revert ZeroAmount();
        if (amountWh % ORDER_STEP_WH != 0) revert AmountNotMultipleOf100Wh(amountWh);
        uint256 limit = side == BUY ? seat & MASK40 : (seat >> 40) & MASK40;
        if (amountWh > limit) revert AmountOverLimit(amountWh, limit);
        uint256 priceMin = record & MASK64;
        uint256 priceMax = (record >> 64) & MASK64;
        if (pricePerWh < priceMin || pricePerWh > priceMax) revert PriceOutOfRange(pricePerWh, priceMin, priceMax);
        _seats[round][index] = seat | SEAT_SUBMITTED | (uint256(side) << 81) | (amountWh << 88) | (pricePerWh << 128);
        _opened[round] = record + ROUND_ORDER_ONE;
        emit OrderSubmitted(round, index, msg.sender, side, amountWh, pricePerWh);
    }

    function _close(uint256 round, uint256 record) private {
        _opened[round] = record | ROUND_CLOSED;
        emit RoundClosed(round, (record >> 168) & 0xffffffff);
    }

    /// @notice The state of `round` as a round for people (all zero if it was never opened).
    function roundState(uint256 round) external view returns (RoundState memory r) {
        uint256 record = _opened[round];
        if (record == 0) return r;
        r.opened = true;
        r.closed = record & ROUND_CLOSED != 0;
        r.priceMinPerWh = record & MASK64;
        r.priceMaxPerWh = (record >> 64) & MASK64;
        r.deadline = (record >> 128) & MASK40;
        r.orders = (record >> 168) & 0xffffffff;
        // forge-lint: disable-next-line(block-timestamp)
        r.open = !r.closed && round + 1 == _lastOpenedPlusOne && (r.deadline == 0 || block.timestamp <= r.deadline);
    }

    /// @notice Household `index`'s limits and order in `round` (all zero if it has no seat).
    function orderOf(uint256 round, uint256 index) external view returns (Order memory o) {
        if (index >= householdCount) revert UnknownHousehold(index, householdCount);
        uint256 seat = _seats[round][index];
        o.maxBuyWh = seat & MASK40;
        o.maxSellWh = (seat >> 40) & MASK40;
        o.submitted = seat & SEAT_SUBMITTED != 0;
        o.side = uint8((seat >> 81) & 1);
        o.amountWh = (seat >> 88) & MASK40;
        o.pricePerWh = (seat >> 128) & MASK64;
    }

    /// @notice The last round opened for people; `any` is false before the first.
    function lastOpenedRound() external view returns (bool any, uint256 round) {
        uint256 lastPlusOne = _lastOpenedPlusOne;
        return (lastPlusOne != 0, lastPlusOne == 0 ? 0 : lastPlusOne - 1);
    }

    // ---- Settlement ----

    /// @notice Settles `rounds.length` consecutive rounds starting at `firstRound` and writes the
    /// books of the households listed in `updateHeads`. A call with no round and only updates
    /// is allowed: it splits a round too big for one transaction (send some households' books
    /// first, then the round with its trades and the rest). Books are absolute values, so such
    /// a call is harmless to repeat after a lost answer.
    /// @param firstRound Must equal {settledRounds}.
    /// @param rounds One word per round: clearing price in base units per Wh (bits 0..63, 0 =
    /// none; informational, not checked), number of trades of the round (bits 64..95), the
    /// round's live price range in base units per Wh: priceMin (bits 96..159) and priceMax
    /// (bits 160..223), with floor <= priceMin <= priceMax <= ceiling; bits 224..255 unused.
    /// @param trades One word per trade, rounds in order: buyer (bits 0..31), seller (32..63),
    /// energyWh (64..127), pricePerWh (128..191), buyerPricePerWh (192..255, 0 = pricePerWh).
    /// The seller receives energyWh * pricePerWh exactly, the buyer pays energyWh *
    /// buyerPricePerWh, and the operator (auctioneer) receives any difference. Both prices must
    /// lie in the round's range.
    /// @param updateHeads One word per updated household, ascending index: index (bits 0..31),
    /// batteryWh (32..71), loyaltyPpm (72..119); bits 120..255 unused.
    /// @param updateBooks Parallel to `updateHeads`, the household's cumulative books as they
    /// stand after the call's last round: moneyBalance int96 two's complement (bits 0..95),
    /// producedWh (96..135), consumedWh (136..175), gridImportWh (176..215), gridExportWh
    /// (216..255). These are the operator's report (the engine's ledger), not checked on chain.
    function settle(
        uint256 firstRound,
        uint256[] calldata rounds,
        uint256[] calldata trades,
        uint256[] calldata updateHeads,
        uint256[] calldata updateBooks
    ) external onlyOperator {
        if (firstRound != settledRounds) {
            revert RoundOutOfOrder(settledRounds, firstRound);
        }
        if (rounds.length == 0 && updateHeads.length == 0) revert EmptyBatch();
        if (updateHeads.length != updateBooks.length) {
            revert LengthMismatch(updateHeads.length, updateBooks.length);
        }
        uint256 n = householdCount;
        if (rounds.length == 0) {
            if (trades.length != 0) revert TradeCountMismatch(0, trades.length);
            _applyUpdates(updateHeads, updateBooks, n);
            return;
        }
        settledRounds = firstRound + rounds.length;

        Netting memory ctx = Netting({
            net: new int256[](n),
            touched: new uint256[](n),
            seen: new bool[](n),
            count: 0,
            n: n,
            auctioneerSurplus: 0,
            priceMin: 0,
            priceMax: 0,
            peopleRound: 0,
            filledWh: new uint256[](0),
            fillRound: new uint256[](0)
        });
        _settleRounds(firstRound, rounds, trades, ctx);
        if (ctx.count != 0) _settleCoins(ctx);
        _applyUpdates(updateHeads, updateBooks, n);
    }

    /// @dev Per-call coin netting: the running net of each household and which ones trades touched.
    struct Netting {
        int256[] net;
        uint256[] touched;
        bool[] seen;
        uint256 count;
        uint256 n;
        uint256 auctioneerSurplus;
        uint256 priceMin;
        uint256 priceMax;
        /// @dev The current round plus one when it was opened for people, else 0.
        uint256 peopleRound;
        /// @dev Energy each household traded so far in the current people's round, valid
        /// where fillRound[h] == peopleRound; allocated at the call's first people's round.
        uint256[] filledWh;
        uint256[] fillRound;
    }

    function _settleRounds(uint256 firstRound, uint256[] calldata rounds, uint256[] calldata trades, Netting memory ctx)
        private
    {
        uint256 t;
        // Rounds opened for people lie at or below the last one opened; none, in most runs.
        uint256 lastPlusOne = _lastOpenedPlusOne;
        for (uint256 r; r < rounds.length; ++r) {
            uint256 rw = rounds[r];
            uint256 count = (rw >> 64) & 0xffffffff;
            uint256 end = t + count;
            if (end > trades.length) revert TradeCountMismatch(end, trades.length);
            uint256 round = firstRound + r;
            uint256 priceMin = (rw >> 96) & MASK64;
            uint256 priceMax = (rw >> 160) & MASK64;
            if (priceMin > priceMax || priceMin < priceFloorPerWh || priceMax > priceCeilingPerWh) {
                revert RoundPriceRangeInvalid(round, priceMin, priceMax, priceFloorPerWh, priceCeilingPerWh);
            }
            ctx.priceMin = priceMin;
            ctx.priceMax = priceMax;
            ctx.peopleRound = 0;
            if (round < lastPlusOne && (_openedBits[round >> 8] >> (round & 255)) & 1 == 1) {
                _enterPeopleRound(ctx, round, priceMin, priceMax);
            }
            for (; t < end; ++t) {
                _applyTrade(ctx, trades[t], round, t);
            }
            emit RoundSettled(round, rw & MASK64, count, priceMin, priceMax);
        }
        if (t != trades.length) revert TradeCountMismatch(t, trades.length);
    }

    /// @dev A round opened for people: closed (its deadline may have closed it without a
    /// transaction; that close is recorded now), declared with its opened range, and its trades
    /// checked against the orders submitted for it.
    function _enterPeopleRound(Netting memory ctx, uint256 round, uint256 priceMin, uint256 priceMax) private {
        uint256 record = _opened[round];
        uint256 openedMin = record & MASK64;
        uint256 openedMax = (record >> 64) & MASK64;
        if (openedMin != priceMin || openedMax != priceMax) {
            revert RoundRangeMismatch(round, openedMin, openedMax, priceMin, priceMax);
        }
        if (record & ROUND_CLOSED == 0) {
            uint256 deadline = (record >> 128) & MASK40;
            // forge-lint: disable-next-line(block-timestamp)
            if (deadline == 0 || block.timestamp <= deadline) revert RoundStillOpen(round);
            _close(round, record);
        }
        ctx.peopleRound = round + 1;
        if (ctx.filledWh.length == 0) {
            ctx.filledWh = new uint256[](ctx.n);
            ctx.fillRound = new uint256[](ctx.n);
        }
    }

    /// @dev Reverts unless household `h`'s trade (as `side`, `energy` Wh at `price`) fits the
    /// order it submitted for the current people's round; households without an order (the
    /// agent acted for them) are bound by the round's range only.
    function _checkOrder(Netting memory ctx, uint256 t, uint256 h, uint256 side, uint256 energy, uint256 price)
        private
        view
    {
        uint256 round = ctx.peopleRound - 1;
        uint256 seat = _seats[round][h];
        if (seat & SEAT_SUBMITTED == 0) return;
        uint256 filled = (ctx.fillRound[h] == ctx.peopleRound ? ctx.filledWh[h] : 0) + energy;
        uint256 limitPrice = (seat >> 128) & MASK64;
        bool ok = (seat >> 81) & 1 == side && filled <= ((seat >> 88) & MASK40)
            && (side == BUY ? price <= limitPrice : price >= limitPrice);
        if (!ok) revert TradeBreaksOrder(round, t, h);
        ctx.fillRound[h] = ctx.peopleRound;
        ctx.filledWh[h] = filled;
    }

    function _applyTrade(Netting memory ctx, uint256 w, uint256 round, uint256 t) private {
        uint256 n = ctx.n;
        uint256 buyer = w & 0xffffffff;
        uint256 seller = (w >> 32) & 0xffffffff;
        uint256 energy = (w >> 64) & MASK64;
        uint256 price = (w >> 128) & MASK64;
        uint256 buyerPrice = w >> 192;
        if (buyerPrice == 0) buyerPrice = price;
        if (buyer >= n) revert UnknownHousehold(buyer, n);
        if (seller >= n) revert UnknownHousehold(seller, n);
        if (energy == 0 || buyer == seller || buyerPrice < price) revert InvalidTrade(round, t);
        if (price < ctx.priceMin || buyerPrice > ctx.priceMax) {
            revert TradePriceOutOfRange(round, t, price, buyerPrice, ctx.priceMin, ctx.priceMax);
        }
        if (ctx.peopleRound != 0) {
            _checkOrder(ctx, t, buyer, BUY, energy, buyerPrice);
            _checkOrder(ctx, t, seller, SELL, energy, price);
        }
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

    function _applyUpdates(uint256[] calldata heads, uint256[] calldata books, uint256 n) private {
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

            uint256 w = books[i];
            s.b = w ^ MONEY_BIAS;
            emit HouseholdUpdated(
                index,
                battery,
                loyalty,
                // forge-lint: disable-next-line(unsafe-typecast)
                int96(uint96(w)),
                (w >> 96) & MASK40,
                (w >> 136) & MASK40,
                (w >> 176) & MASK40,
                w >> 216
            );
        }
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
        h.moneyBalance = int96(uint96(b ^ MONEY_BIAS));
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
