# The quickstart: one watchlist and two standing orders, applied to the
# built-in tastytrade emulator. Change "local" to "sandbox" or "production"
# (and set credentials, see the README) to manage a real account.
provider "tastytrade" {
  environment = "local"
}

account "main" {
  number = "5WT00001"
}

watchlist "tech" {
  name    = "Tech Megacaps"
  symbols = ["AAPL", "MSFT", "NVDA", "/ESZ6"]
}

# Protects the 100 SPY shares the demo account holds.
order "spy_protective_stop" {
  account       = account.main
  type          = "stop"
  time_in_force = "gtc"
  stop_trigger  = 480
  leg {
    symbol   = "SPY"
    action   = "sell_to_close"
    quantity = 100
  }
}

order "nvda_dip" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 95.50 # price_effect inferred: debit for buys
  leg {
    symbol   = "NVDA"
    action   = "buy_to_open"
    quantity = 10
  }
}
