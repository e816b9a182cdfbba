// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title EnergyCoin
/// @notice The neighbourhood's local energy token (6 decimals, like the engine's base units).
/// @dev A closed-loop settlement token with no administrator. The market that creates it is
/// its only privileged caller, fixed at construction: coins enter only as the households'
/// endowment when the market registers them, and move only through the market's netted
/// settlement of trades. Holders cannot transfer on their own, because the engine's ledger must
/// equal the chain's to the last base unit; a free transfer would be value the simulation never
/// saw. There is no owner, so there is nothing to hand over, renounce or freeze.
contract EnergyCoin is ERC20 {
    /// @notice Fixed-point scale of {moneyPerCoinPpm} (1.0 = 1_000_000).
    uint256 public constant RATE_SCALE = 1_000_000;

    /// @notice The market that created this coin: the only contract that mints and settles.
    address public immutable market;
    /// @notice Value of one coin in grid money, fixed point ppm (the thesis's exchange rate),
    /// fixed for the coin's life.
    uint256 public immutable moneyPerCoinPpm;

    /// @notice The coin was created by `market` with a fixed exchange rate.
    event CoinCreated(address indexed market, uint256 moneyPerCoinPpm);

    /// @notice The caller is not the market.
    error NotMarket(address caller);
    /// @notice The exchange rate must be positive.
    error ZeroRate();
    /// @notice Coins move only through market settlement.
    error TransfersRestricted();
    /// @notice A settlement's debits and credits did not sum to zero.
    error NetNotBalanced(uint256 marketBalanceBefore, uint256 marketBalanceAfter);

    modifier onlyMarket() {
        if (msg.sender != market) revert NotMarket(msg.sender);
        _;
    }

    /// @notice Created by the market (the deployer becomes {market}).
    /// @param moneyPerCoinPpm_ Coin/money exchange rate (1_000_000 = one money per coin).
    constructor(uint256 moneyPerCoinPpm_) ERC20("Energy Coin", "NRG") {
        if (moneyPerCoinPpm_ == 0) revert ZeroRate();
        market = msg.sender;
        moneyPerCoinPpm = moneyPerCoinPpm_;
        emit CoinCreated(msg.sender, moneyPerCoinPpm_);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints the same endowment to each newly registered household.
    /// @dev The market calls it once per registration call; `amount` is its fixed endowment.
    function mintEndowments(address[] calldata accounts, uint256 amount) external onlyMarket {
        if (amount == 0) return;
        for (uint256 i; i < accounts.length; ++i) {
            _mint(accounts[i], amount);
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

    /// @dev Every movement, mints included, must come from the market; `transfer` and
    /// `transferFrom` by holders therefore revert.
    function _update(address from, address to, uint256 value) internal override {
        if (msg.sender != market) revert TransfersRestricted();
        super._update(from, to, value);
    }
}
