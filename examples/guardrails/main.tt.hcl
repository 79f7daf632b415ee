# Guardrails around apply: limits on what one apply may do, orders that
# no plan may cancel, and re-arming an order that has filled.

provider "tastytrade" {
  environment = "local"
}

account "main" {
  number = "5WT00001"
}

# A plan that exceeds any of these fails, naming the limit, unless it is
# run with -force.
limits {
  max_order_value    = 50000 # price x quantity x multiplier, per order
  max_quantity       = 100   # per leg
  max_actions        = 10    # changes in one plan
  max_cancel_percent = 50    # of the orders ttplan manages
}

# The stop that protects the SPY position: no plan may cancel it, not
# even after this block is deleted. To retire it, set prevent_destroy =
# false and apply first.
order "spy_protective_stop" {
  account       = account.main
  type          = "stop"
  time_in_force = "gtc"
  stop_trigger  = 450
  leg {
    symbol   = "SPY"
    action   = "sell_to_close"
    quantity = 100
  }
  lifecycle {
    prevent_destroy = true
  }
}

# Once this fills, ttplan reports the fill and never buys again. To buy
# again on purpose, raise rearm: that declares a new order.
order "nvda_dip" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 95.50
  rearm         = 0
  leg {
    symbol   = "NVDA"
    action   = "buy_to_open"
    quantity = 10
  }
}
