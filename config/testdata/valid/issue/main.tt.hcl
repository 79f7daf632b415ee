provider "tastytrade" {
  environment = "sandbox"
}
account "main" {
  number = "5WT00001"
}
watchlist "tech" {
  name    = "Tech Megacaps"
  symbols = ["AAPL", "MSFT", "NVDA", "/ESZ6"]
}
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
  price         = 95.50
  leg {
    symbol   = "NVDA"
    action   = "buy_to_open"
    quantity = 10
  }
}
