# Complex orders, rearm, lifecycle and limits, as a user would combine
# them: an entry with its bracket per symbol, an exit pair for a
# position held, and a futures entry that scales out.

provider "tastytrade" {
  environment = "sandbox"
}

account "main" {
  number = "5WT00001"
}

limits {
  max_order_value    = 50000
  max_quantity       = 500
  max_actions        = 20
  max_cancel_percent = 50
}

variable "keep_exits" {
  type    = bool
  default = true
}

watchlist "held" {
  symbols = ["AAPL", "NVDA"]
  lifecycle {
    prevent_destroy = true
  }
}

order "nvda_dip" {
  account       = account.main
  rearm         = 1
  type          = "limit"
  time_in_force = "gtc"
  price         = 95.50
  leg {
    symbol   = "NVDA"
    action   = "buy_to_open"
    quantity = 10
  }
}
