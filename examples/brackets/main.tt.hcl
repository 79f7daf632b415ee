# Complex orders: an entry with its bracket (OTOCO), an exit pair for a
# position already held (OCO), and an entry that scales out (OTO). Each
# is placed through the broker's complex-order endpoint as one object;
# ttplan tags every component, so it knows them on the next run.
#
# Try it against the built-in emulator:
#   ttplan apply -auto-approve
#   ttplan emulator orders                          # find the trigger's order id
#   ttplan emulator fill <the trigger's order id>   # the entry fills
#   ttplan plan                                     # reported, never re-bought

provider "tastytrade" {
  environment = "local"
}

account "main" {
  number = "5WT00001" # holds 50 AAPL in the emulator
}

# Buy 10 NVDA at 95.50; once that fills, take profit at 120 or stop out
# at 88, whichever comes first.
otoco "nvda_bracket" {
  account = account.main

  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 95.50
    leg {
      symbol   = "NVDA"
      action   = "buy_to_open"
      quantity = 10
    }
  }

  order "take_profit" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 120
    leg {
      symbol   = "NVDA"
      action   = "sell_to_close"
      quantity = 10
    }
  }

  order "stop_loss" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 88
    leg {
      symbol   = "NVDA"
      action   = "sell_to_close"
      quantity = 10
    }
  }
}

# Sell the AAPL already held at 240, or stop out below 180.
oco "aapl_exit" {
  account = account.main

  order "target" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 240
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 50
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
      quantity = 50
    }
  }
}

# Buy 2 MSFT; once filled, two exits stand side by side.
oto "msft_scale_out" {
  account = account.main

  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 300
    leg {
      symbol   = "MSFT"
      action   = "buy_to_open"
      quantity = 2
    }
  }

  order "first" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 330
    leg {
      symbol   = "MSFT"
      action   = "sell_to_close"
      quantity = 1
    }
  }

  order "second" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 360
    leg {
      symbol   = "MSFT"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
