// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title EnergyCoin
/// @notice The neighbourhood's local energy token (6 decimals, like the engine's base units).
/// @dev A closed-loop settlement token: coins enter only by minting (the initial distribution)
/// and move only through the market's netted settlement. Holders cannot transfer on their own,
/// because the engine's ledger must equal the chain's to the last base unit; a free transfer
/// would be value the simulation never saw.
contract EnergyCoin is ERC20, Ownable {
    /// @notice Fixed-point scale of {moneyPerCoinPpm} (1.0 = 1_000_000).
    uint256 public constant RATE_SCALE = 1_000_000;

    /// @notice The only contract allowed to apply settlement movements. Set once by the owner.
    address public market;
    /// @notice The account allowed to mint the initial distribution.
    address public minter;
    /// @notice Value of one coin in grid money, fixed point ppm (the thesis's exchange rate).
    uint256 public moneyPerCoinPpm;

    /// @notice The market that may settle was set (once).
    event MarketSet(address indexed market);
    /// @notice The minter changed.
    event MinterSet(address indexed minter);
    /// @notice The coin/money exchange rate changed.
    event ExchangeRateSet(uint256 moneyPerCoinPpm);

    /// @notice The caller is not the minter.
    error NotMinter(address caller);
    /// @notice The caller is not the market.
    error NotMarket(address caller);
    /// @notice The market can be set only once.
    error MarketAlreadySet(address market);
    /// @notice An address argument was zero.
    error ZeroAddress();
    /// @notice The exchange rate must be positive.
    error ZeroRate();
    /// @notice Coins move only through market settlement.
    error TransfersRestricted();
    /// @notice A settlement's debits and credits did not sum to zero.
    error NetNotBalanced(uint256 marketBalanceBefore, uint256 marketBalanceAfter);

    modifier onlyMinter() {
        if (msg.sender != minter) revert NotMinter(msg.sender);
        _;
    }

    modifier onlyMarket() {
        if (msg.sender != market) revert NotMarket(msg.sender);
        _;
    }

    /// @param owner_ Administers minter, market and exchange rate.
    /// @param minter_ Mints the initial distribution.
    /// @param moneyPerCoinPpm_ Initial coin/money exchange rate (1_000_000 = one money per coin).
    constructor(address owner_, address minter_, uint256 moneyPerCoinPpm_) ERC20("Energy Coin", "NRG") Ownable(owner_) {
        if (minter_ == address(0)) revert ZeroAddress();
        if (moneyPerCoinPpm_ == 0) revert ZeroRate();
        minter = minter_;
        moneyPerCoinPpm = moneyPerCoinPpm_;
        emit MinterSet(minter_);
        emit ExchangeRateSet(moneyPerCoinPpm_);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Sets the market contract that may apply settlements; callable once.
    function setMarket(address market_) external onlyOwner {
        if (market != address(0)) revert MarketAlreadySet(market);
        if (market_ == address(0)) revert ZeroAddress();
        market = market_;
        emit MarketSet(market_);
    }

    /// @notice Replaces the minter.
    function setMinter(address minter_) external onlyOwner {
        if (minter_ == address(0)) revert ZeroAddress();
        minter = minter_;
        emit MinterSet(minter_);
    }

    /// @notice Sets the coin/money exchange rate (ppm of money per coin).
    function setExchangeRate(uint256 moneyPerCoinPpm_) external onlyOwner {
        if (moneyPerCoinPpm_ == 0) revert ZeroRate();
        moneyPerCoinPpm = moneyPerCoinPpm_;
        emit ExchangeRateSet(moneyPerCoinPpm_);
    }

    /// @notice Mints `amount` base units to `to`.
    function mint(address to, uint256 amount) external onlyMinter {
        _mint(to, amount);
    }

    /// @notice Mints to many accounts in one call.
    /// @param entries Each word: account in bits 0..159, amount (uint96) in bits 160..255.
    function mintBatch(uint256[] calldata entries) external onlyMinter {
        for (uint256 i; i < entries.length; ++i) {
            uint256 e = entries[i];
            _mint(address(uint160(e)), e >> 160);
        }
    }

    /// @notice Applies a settlement's net coin movement per account; debits and credits must
    /// sum to zero. Emits a Transfer from each payer to the market, then from the market to each
    /// receiver, so balances replayed from events are never negative.
    /// @param entries Each word: account in bits 0..159, signed delta (int96) in bits 160..255.
    function settleNet(uint256[] calldata entries) external onlyMarket {
        uint256 before = balanceOf(msg.sender);
        for (uint256 i; i < entries.length; ++i) {
            uint256 e = entries[i];
            int96 delta = int96(uint96(e >> 160));
            // forge-lint: disable-next-line(unsafe-typecast)
            if (delta < 0) _update(address(uint160(e)), msg.sender, uint256(int256(-delta)));
        }
        for (uint256 i; i < entries.length; ++i) {
            uint256 e = entries[i];
            int96 delta = int96(uint96(e >> 160));
            // forge-lint: disable-next-line(unsafe-typecast)
            if (delta > 0) _update(msg.sender, address(uint160(e)), uint256(int256(delta)));
        }
        uint256 afterBalance = balanceOf(msg.sender);
        if (afterBalance != before) revert NetNotBalanced(before, afterBalance);
    }

    /// @dev Minting is always allowed (the caller was checked); any other movement must come
    /// from the market's settlement.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && msg.sender != market) revert TransfersRestricted();
        super._update(from, to, value);
    }
}
