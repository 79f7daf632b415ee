watchlist "sector" {
  for_each = {
    Energy = ["XOM", "cvx"]
    Tech   = ["AAPL", "MSFT"]
  }
  group   = "Sectors"
  symbols = each.value
}

watchlist "derivatives" {
  name = "Derivatives"
  entry {
    symbol = "/ESZ6"
  }
  entry {
    symbol          = "spy 261218p00500000"
    instrument_type = "Equity Option"
  }
  entry {
    symbol = "./ESZ6 EW4Z6 261218C5000"
  }
}
