# Complex orders, rearm, lifecycle and limits that break a rule. Each
# offending line carries the summary of the diagnostic it must produce.

provider "tastytrade" {
  environment = "sandbox"
}

account "main" {
  number = "5WT00001"
}

limits {
  max_order_value    = 0   # ERROR: Invalid max_order_value
  max_cancel_percent = 150 # ERROR: Invalid max_cancel_percent
}

order "rearmed" {
  account       = account.main
  rearm         = 0.5 # ERROR: Invalid rearm
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  lifecycle {
    prevent_destroy = "always" # ERROR: Incorrect attribute value type
  }
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

otoco "rearmed" { # ERROR: Missing trigger block
  account = account.main
  rearm   = -2 # ERROR: Invalid rearm
  order "take_profit" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "take_profit" { # ERROR: Duplicate order name
    type          = "limit"
    time_in_force = "gtc"
    price         = 3
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}

otoco "bracket" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtd"
    gtc_date      = "2026-06-01" # ERROR: GTD date in the past
    price         = 100
    leg {
      symbol   = "NVDA"
      action   = "buy_to_open"
      quantity = 10
    }
  }
  order "take_profit" {
    type          = "market" # ERROR: Unsupported order type
    time_in_force = "gtc"    # ERROR: Unsupported time in force
    leg {
      symbol   = "NVDA"
      action   = "sell_to_close"
      quantity = 11 # ERROR: Quantity exceeds trigger
    }
  }
  order "stop_loss" {
    type          = "stop"
    time_in_force = "gtc" # ERROR: Unsupported time in force
    stop_trigger  = 90
    leg {
      symbol   = "NVDA"
      action   = "sell_to_open" # ERROR: Opening leg in closing order
      quantity = 10
    }
  }
}

oco "exit" {
  account = account.main
  trigger { # ERROR: Unexpected trigger block
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1.5 # ERROR: Fractional quantity
    }
  }
  order "trigger" { # ERROR: Reserved order name
  }
}

oto "scale" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_close" # ERROR: Closing leg in trigger
      quantity = 1
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    price_effect  = "debit" # ERROR: Contradictory price effect
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}

oco "exit" { # ERROR: Duplicate oco block
}

watchlist "kept" {
  symbols = []
  lifecycle {
  }
  lifecycle { # ERROR: Duplicate lifecycle block
  }
}
