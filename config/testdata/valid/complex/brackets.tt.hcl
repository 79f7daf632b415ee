variable "brackets" {
  description = "Entry, target and stop per symbol."
  default = {
    AMD  = { entry = 98.25, target = 120, stop = 90, qty = 20 }
    MSFT = { entry = 310, target = 360, stop = 295, qty = 5 }
  }
}

otoco "entry" {
  for_each = var.brackets
  account  = account.main
  rearm    = 2

  trigger {
    type          = "limit"
    time_in_force = "gtd"
    gtc_date      = "2026-12-18"
    price         = each.value.entry
    leg {
      symbol   = each.key
      action   = "buy_to_open"
      quantity = each.value.qty
    }
  }

  order "take_profit" {
    type          = "limit"
    time_in_force = "gtc"
    price         = each.value.target
    leg {
      symbol   = each.key
      action   = "sell_to_close"
      quantity = each.value.qty
    }
  }

  order "stop_loss" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = each.value.stop
    leg {
      symbol   = each.key
      action   = "sell_to_close"
      quantity = each.value.qty
    }
  }
}

oco "aapl_exit" {
  account = account.main
  lifecycle {
    prevent_destroy = var.keep_exits
  }

  order "target" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 240
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 100
    }
  }

  order "floor" {
    type          = "stop_limit"
    time_in_force = "gtc"
    stop_trigger  = 180
    price         = 179.50
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 100
    }
  }
}

oto "es_scale_out" {
  account = account.main

  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 5000.25
    leg {
      symbol   = "/ESZ6"
      action   = "buy_to_open"
      quantity = 2
    }
  }

  order "first" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 5050
    leg {
      symbol   = "/ESZ6"
      action   = "sell_to_close"
      quantity = 1
    }
  }

  order "second" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 5100
    leg {
      symbol   = "/ESZ6"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
