# Every order below breaks a rule the tastytrade API enforces. Each
# offending line carries the summary of the diagnostic it must produce.

provider "tastytrade" {
  environment = "sandbox"
}

account "main" {
  number = "5WT00001"
}

order "bad_enums" {
  account       = account.main
  type          = "lmt"     # ERROR: Invalid order type
  time_in_force = "forever" # ERROR: Invalid time in force
  price         = 10
  price_effect  = "both" # ERROR: Invalid price effect
  leg {
    symbol          = "AAPL"
    instrument_type = "stock"    # ERROR: Invalid instrument type
    action          = "purchase" # ERROR: Invalid action
    quantity        = 1
  }
}

order "not_positive" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = -1 # ERROR: Invalid price
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 0 # ERROR: Invalid quantity
  }
}

order "not_numbers" {
  account       = account.main
  type          = "stop_limit"
  time_in_force = "gtc"
  price         = "ten"       # ERROR: Invalid price
  stop_trigger  = ["1"]       # ERROR: Incorrect attribute value type
  leg {
    symbol   = "AAPL"
    action   = "sell_to_close"
    quantity = 100 / 3 # ERROR: Invalid quantity
  }
}

order "limit_without_price" { # ERROR: Missing price
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "market_gtc" {
  account       = account.main
  type          = "market"
  time_in_force = "gtc" # ERROR: Unsupported time in force
  price         = 10    # ERROR: Unexpected price
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
  leg { # ERROR: Too many legs
    symbol   = "MSFT"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "notional_gtc" {
  account       = account.main
  type          = "notional_market"
  time_in_force = "gtc" # ERROR: Unsupported time in force
  value         = 10
  leg {
    symbol = "BTC/USD"
    action = "buy_to_open"
  }
}

order "opening_gtd_stop" {
  account       = account.main
  type          = "stop"
  time_in_force = "gtd" # ERROR: Unsupported time in force
  gtc_date      = "2026-12-18"
  stop_trigger  = 100
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "opening_stop" {
  account       = account.main
  type          = "stop"
  time_in_force = "gtc" # ERROR: Unsupported time in force
  stop_trigger  = 100
  price_effect  = "debit" # ERROR: Unexpected price effect
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "stop_limit_without_trigger" { # ERROR: Missing stop trigger
  account       = account.main
  type          = "stop_limit"
  time_in_force = "gtc"
  price         = 101
  leg {
    symbol   = "AAPL"
    action   = "sell_to_close"
    quantity = 1
  }
}

order "limit_with_extras" {
  account       = account.main
  type          = "Limit"
  time_in_force = "GTC"
  price         = 5
  stop_trigger  = 4          # ERROR: Unexpected stop trigger
  value         = 10         # ERROR: Unexpected value
  value_effect  = "debit"    # ERROR: Unexpected value effect
  leg {
    symbol   = "AAPL"
    action   = "Buy to Open"
    quantity = 1
  }
}

order "small_notional" {
  account       = account.main
  type          = "notional_market"
  time_in_force = "day" # WARNING: Non-standing time in force
  value         = 2     # ERROR: Notional value below minimum
  leg {
    symbol   = "AAPL  230818C00197500" # ERROR: Unsupported instrument for notional order
    action   = "buy_to_open"
    quantity = 1 # ERROR: Unexpected quantity
  }
}

order "notional_without_value" { # ERROR: Missing value
  account       = account.main
  type          = "notional_market"
  time_in_force = "ioc" # WARNING: Non-standing time in force
  price         = 5     # ERROR: Unexpected price
  leg {
    symbol = "BTC/USD"
    action = "buy_to_open"
  }
}

order "credit_for_a_buy" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  price_effect  = "credit" # ERROR: Contradictory price effect
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "spread_without_effect" { # ERROR: Missing price effect
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1.5
  leg {
    symbol   = "SPY   260116C00500000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "SPY 260116C00510000"
    action   = "sell_to_open"
    quantity = 1
  }
}

order "same_symbol_twice" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  price_effect  = "debit"
  leg {
    symbol   = "SPY   260116C00500000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "spy 260116c00500000" # ERROR: Duplicate leg symbol
    action   = "sell_to_open"
    quantity = 1
  }
}

order "mixed_families" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL  260116C00200000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg { # ERROR: Mixed instrument families
    symbol   = "/ESZ6"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "covered_call" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 150
  price_effect  = "debit"
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 100
  }
  leg { # ERROR: Mixed instrument families
    symbol   = "AAPL  260116C00200000"
    action   = "sell_to_open"
    quantity = 1
  }
}

order "five_option_legs" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "SPY   260116C00500000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "SPY   260116C00510000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "SPY   260116C00520000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "SPY   260116C00530000"
    action   = "buy_to_open"
    quantity = 1
  }
  leg { # ERROR: Too many legs
    symbol   = "SPY   260116C00540000"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "two_stocks" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
  leg { # ERROR: Too many legs
    symbol   = "MSFT"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "fractional_shares" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1.5 # ERROR: Fractional quantity
  }
}

order "missing_quantity" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg { # ERROR: Missing quantity
    symbol = "AAPL"
    action = "buy_to_open"
  }
}

order "plain_buy_on_stock" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy" # ERROR: Unsupported action
    quantity = 1
  }
}

order "gtd_in_the_past" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtd"
  gtc_date      = "2026-06-14" # ERROR: GTD date in the past
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "gtd_without_date" { # ERROR: Missing GTC date
  account       = account.main
  type          = "limit"
  time_in_force = "gtd"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "gtc_with_date" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  gtc_date      = "2030-01-02" # ERROR: Unexpected GTC date
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "impossible_date" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtd"
  gtc_date      = "2030-02-30" # ERROR: Invalid GTC date
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "extended_hours_option" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc_ext" # ERROR: Unsupported time in force
  price         = 1
  leg {
    symbol   = "AAPL  260116C00200000"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "no_legs" { # ERROR: Missing leg
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
}

order "no_account" { # ERROR: Missing required argument
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "bad_account" {
  account       = "x1" # ERROR: Invalid account number
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "account_of_wrong_type" {
  account       = 5 # ERROR: Invalid account
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "misspelt" { # ERROR: Missing price
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  prise         = 10 # ERROR: Unsupported argument
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "bad_symbols" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = round(1.5) # ERROR: Call to unknown function
  leg {
    symbol   = "NOT A SYMBOL!" # ERROR: Invalid symbol
    action   = "buy_to_open"
    quantity = 1
  }
}

order "symbol_of_another_type" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol          = "AAPL" # ERROR: Invalid symbol
    instrument_type = "future"
    action          = "buy"
    quantity        = 1
  }
}

order "1st" { # ERROR: Invalid block name
}

order "bad_enums" { # ERROR: Duplicate order block
}
