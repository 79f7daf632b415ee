order "dip" {
  for_each      = var.dips
  account       = account.main
  type          = "limit"
  time_in_force = "gtd"
  gtc_date      = "2026-12-18"
  price         = each.value.price
  leg {
    symbol   = each.key
    action   = "buy_to_open"
    quantity = each.value.qty
  }
}

order "put_spread" {
  account       = account.main.number
  type          = "Limit"
  time_in_force = "GTC"
  price         = var.spread_credit
  price_effect  = "credit"
  leg {
    symbol   = "SPY   261218P00500000"
    action   = "sell_to_open"
    quantity = 2
  }
  leg {
    symbol   = "SPY   261218P00490000"
    action   = "buy_to_open"
    quantity = 2
  }
}

order "btc" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 60000
  leg {
    symbol   = "BTC/USD"
    action   = "buy_to_open"
    quantity = "0.0005"
  }
}

order "es_stop" {
  account       = account.main
  type          = "stop"
  time_in_force = "gtc"
  stop_trigger  = 5000.25
  leg {
    symbol   = "/ESZ6"
    action   = "sell_to_close"
    quantity = 1
  }
}
