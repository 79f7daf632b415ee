# Multi-leg option orders and a good-till-date stop limit. The API's own
# words are accepted too: "Stop Limit", "GTD", "Sell to Open".
variable "environment" {
  type        = string
  default     = "local"
  description = "Where to apply: local, sandbox or production."
}

provider "tastytrade" {
  environment = var.environment
}

account "main" {
  number = "5WT00001"
}

# A put credit spread on SPY: sell the 500 put, buy the 495 put, for at
# least 1.25 credit. With mixed legs the price effect must be given.
order "spy_put_spread" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1.25
  price_effect  = "credit"

  leg {
    symbol   = "SPY   271217P00500000"
    action   = "sell_to_open"
    quantity = 1
  }
  leg {
    symbol   = "SPY   271217P00495000"
    action   = "buy_to_open"
    quantity = 1
  }
}

# Sell half of the AAPL position if it trades down through 180, but not
# below 178, until the end of 2029.
order "aapl_stop_limit" {
  account       = account.main
  type          = "Stop Limit"
  time_in_force = "GTD"
  gtc_date      = "2029-12-21"
  stop_trigger  = 180
  price         = 178
  leg {
    symbol   = "AAPL"
    action   = "Sell to Close"
    quantity = 25
  }
}

watchlist "spy_options" {
  name = "SPY spreads"
  entry {
    symbol = "SPY   271217P00500000"
  }
  entry {
    symbol = "SPY   271217P00495000"
  }
}
