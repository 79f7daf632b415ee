package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

func TestComplexOrders(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "stop" {
  sensitive = true
  default   = 143
}
variable "entries" {
  default = {
    AAPL = { price = 157.97, take = 198.68, qty = 100 }
    NVDA = { price = "95.50", take = 120, qty = 10 }
  }
}
otoco "bracket" {
  for_each = var.entries
  account  = account.main
  rearm    = 1
  lifecycle {
    prevent_destroy = true
  }
  trigger {
    type          = "limit"
    time_in_force = "gtd"
    gtc_date      = "2026-06-30"
    price         = each.value.price
    leg {
      symbol   = each.key
      action   = "buy_to_open"
      quantity = each.value.qty
    }
  }
  order "take_profit" {
    type          = "limit"
    time_in_force = "gtc"
    price         = each.value.take
    leg {
      symbol   = each.key
      action   = "sell_to_close"
      quantity = each.value.qty
    }
  }
  order "stop_loss" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = var.stop
    leg {
      symbol   = each.key
      action   = "sell_to_close"
      quantity = each.value.qty / 2
    }
  }
}
oco "exit" {
  account = "5wt00002"
  order "target" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 12.5
    leg {
      symbol   = "SPY   261218P00500000"
      action   = "buy_to_close"
      quantity = 2
    }
  }
  order "floor" {
    type          = "stop_limit"
    time_in_force = "gtc"
    price         = 3
    stop_trigger  = 2.5
    leg {
      symbol   = "SPY   261218P00500000"
      action   = "buy_to_close"
      quantity = 2
    }
  }
}
oto "ladder" {
  account = account.main
  trigger {
    type          = "market"
    time_in_force = "ioc"
    leg {
      symbol   = "/ESZ6"
      action   = "buy"
      quantity = 3
    }
  }
  order "first" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 5010
    leg {
      symbol   = "/ESZ6"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "second" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 5020
    leg {
      symbol   = "/ESZ6"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "hedge" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 4
    leg {
      symbol   = "./ESZ6 EW4Z6 261218P4900"
      action   = "buy_to_open"
      quantity = 1
    }
  }
}
order "bracket" {
  account = account.main
` + limitBuy + `}
`}, LoadOptions{})
	if diff := cmp.Diff([]string{"warning: Non-standing time in force"}, summaries(diags)); diff != "" {
		t.Fatalf("Load() diagnostics mismatch (-want +got):\n%s\n%s", diff, diagText(cfg, diags))
	}

	leg := func(symbol string, a provider.Action, qty string) []provider.Leg {
		return []provider.Leg{equityLeg(symbol, a, qty)}
	}
	bracket := func(symbol, price, take, qty, stopQty string) *ComplexOrder {
		return &ComplexOrder{
			Address: `otoco.bracket["` + symbol + `"]`, Type: provider.OTOCO, Account: "5WT00001",
			Trigger: &Component{Name: "trigger", Spec: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTD, GTCDate: "2026-06-30",
				Price: dec(price), PriceEffect: provider.Debit, Legs: leg(symbol, provider.BuyToOpen, qty),
			}},
			Orders: []*Component{
				{Name: "take_profit", Spec: provider.OrderSpec{
					OrderType: provider.Limit, TimeInForce: provider.GTC,
					Price: dec(take), PriceEffect: provider.Credit, Legs: leg(symbol, provider.SellToClose, qty),
				}},
				{Name: "stop_loss", Sensitive: []string{"stop_trigger"}, Spec: provider.OrderSpec{
					OrderType: provider.Stop, TimeInForce: provider.GTC,
					StopTrigger: dec("143"), Legs: leg(symbol, provider.SellToClose, stopQty),
				}},
			},
			Rearm:     1,
			Lifecycle: Lifecycle{PreventDestroy: true},
		}
	}
	put := func(name string, spec provider.OrderSpec) *Component {
		spec.Legs = []provider.Leg{{InstrumentType: provider.EquityOption, Symbol: "SPY   261218P00500000",
			Action: provider.BuyToClose, Quantity: dec("2")}}
		return &Component{Name: name, Spec: spec}
	}
	future := func(name, price string) *Component {
		return &Component{Name: name, Spec: provider.OrderSpec{
			OrderType: provider.Limit, TimeInForce: provider.GTC, Price: dec(price), PriceEffect: provider.Credit,
			Legs: []provider.Leg{{InstrumentType: provider.Future, Symbol: "/ESZ6",
				Action: provider.SellToClose, Quantity: dec("1")}},
		}}
	}

	want := []*ComplexOrder{
		{
			Address: "oco.exit", Type: provider.OCO, Account: "5WT00002",
			Orders: []*Component{
				put("target", provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
					Price: dec("12.5"), PriceEffect: provider.Debit}),
				put("floor", provider.OrderSpec{OrderType: provider.StopLimit, TimeInForce: provider.GTC,
					Price: dec("3"), PriceEffect: provider.Debit, StopTrigger: dec("2.5")}),
			},
		},
		{
			Address: "oto.ladder", Type: provider.OTO, Account: "5WT00001",
			Trigger: &Component{Name: "trigger", Spec: provider.OrderSpec{
				OrderType: provider.Market, TimeInForce: provider.IOC,
				Legs: []provider.Leg{{InstrumentType: provider.Future, Symbol: "/ESZ6",
					Action: provider.Buy, Quantity: dec("3")}},
			}},
			Orders: []*Component{
				future("first", "5010"),
				future("second", "5020"),
				{Name: "hedge", Spec: provider.OrderSpec{
					OrderType: provider.Limit, TimeInForce: provider.GTC,
					Price: dec("4"), PriceEffect: provider.Debit,
					Legs: []provider.Leg{{InstrumentType: provider.FutureOption,
						Symbol: "./ESZ6 EW4Z6 261218P4900", Action: provider.BuyToOpen, Quantity: dec("1")}},
				}},
			},
		},
		bracket("AAPL", "157.97", "198.68", "100", "50"),
		bracket("NVDA", "95.5", "120", "10", "5"),
	}
	if diff := cmp.Diff(want, cfg.ComplexOrders, cmpConfig); diff != "" {
		t.Errorf("ComplexOrders mismatch (-want +got):\n%s", diff)
	}
	if len(cfg.Orders) != 1 || cfg.Orders[0].Address != "order.bracket" {
		t.Errorf("Orders = %v, want order.bracket beside otoco.bracket", cfg.Orders)
	}
}

// complexMarks runs checkMarks on header plus src and checks that no
// complex order of a block in error is kept.
func complexMarks(t *testing.T, src string) {
	t.Helper()
	cfg, _ := checkMarks(t, header+src, LoadOptions{})
	for _, c := range cfg.ComplexOrders {
		t.Errorf("Load() kept %s, which has errors", c.Address)
	}
}

func TestComplexOrderStructure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
	}{
		{
			name: "triggers",
			src: `
oco "with_trigger" {
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
      quantity = 1
    }
  }
  order "b" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "no_trigger" { # ERROR: Missing trigger block
  account = account.main
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "two_triggers" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "day" # WARNING: Non-standing time in force
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  trigger { # ERROR: Duplicate trigger block
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`,
		},
		{
			name: "order counts",
			src: `
oco "one" { # ERROR: Missing order block
  account = account.main
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
otoco "three" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 3
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "c" { # ERROR: Too many order blocks
    type          = "limit"
    time_in_force = "gtc"
    price         = 4
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "none" { # ERROR: Missing order block
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
}
oto "four" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 4
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 3
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "c" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 4
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "d" { # ERROR: Too many order blocks
    type          = "limit"
    time_in_force = "gtc"
    price         = 5
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`,
		},
		{
			name: "order names",
			src: `
oto "names" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "trigger" { # ERROR: Reserved order name
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "tp" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 3
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "tp" { # ERROR: Duplicate order name
    type          = "limit"
    time_in_force = "gtc"
    price         = 4
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "bad_name" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "2nd" { # ERROR: Invalid block name
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order { # ERROR: Missing name for order
  }
}
`,
		},
		{
			name: "arguments in the wrong place",
			src: `
otoco "misplaced" { # ERROR: Missing required argument
  type = "limit" # ERROR: Unsupported argument
  trigger {
    account       = account.main # ERROR: Unsupported argument
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" {
    for_each      = toset(["x"]) # ERROR: Unsupported argument
    rearm         = 1 # ERROR: Unsupported argument
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    lifecycle { # ERROR: Unsupported block type
    }
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" { # ERROR: Missing required argument # ERROR: Missing stop trigger
    type = "stop"
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  leg { # ERROR: Unsupported block type
  }
}
`,
		},
		{
			name: "duplicate blocks, bad for_each and rearm",
			src: `
oco "x" { # ERROR: Missing order block
  for_each = ["a"] # ERROR: Invalid for_each argument
  account  = account.main
}
oco "x" { # ERROR: Duplicate oco block
}
oto "x" {
  account = account.main
  rearm   = -1 # ERROR: Invalid rearm
  lifecycle {
    prevent_destroy = "maybe" # ERROR: Incorrect attribute value type
  }
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = each.value # ERROR: Reference to "each" in context without for_each
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			complexMarks(t, tt.src)
		})
	}
}

func TestComplexOrderRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
	}{
		{
			name: "market orders cannot wait",
			src: `
oco "market" {
  account = account.main
  order "a" {
    type          = "market" # ERROR: Unsupported order type
    time_in_force = "day" # WARNING: Non-standing time in force
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "notional" {
  account = account.main
  trigger {
    type          = "market"
    time_in_force = "day" # WARNING: Non-standing time in force
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" {
    type          = "notional_market" # ERROR: Unsupported order type
    time_in_force = "ioc" # WARNING: Non-standing time in force
    value         = 10
    leg {
      symbol = "MSFT"
      action = "buy_to_open"
    }
  }
}
otoco "pair" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" {
    type          = "Market" # ERROR: Unsupported order type
    time_in_force = "ioc" # WARNING: Non-standing time in force
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 0.5
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`,
		},
		{
			name: "position effects",
			src: `
oco "opens" {
  account = account.main
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AAPL"
      action   = "sell_to_open" # ERROR: Opening leg in closing order
      quantity = 1
    }
  }
  order "b" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "/ESZ6"
      action   = "sell" # ERROR: Opening leg in closing order
      quantity = 1
    }
  }
}
oto "closing_trigger" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close" # ERROR: Closing leg in trigger
      quantity = 1
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "MSFT"
      action   = "sell_to_open"
      quantity = 1
    }
  }
}
otoco "both" {
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
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open" # ERROR: Opening leg in closing order
      quantity = 1
    }
  }
  order "b" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`,
		},
		{
			name: "the pair closes what the trigger opens",
			src: `
otoco "stock" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "NVDA"
      action   = "buy_to_open"
      quantity = 10
    }
  }
  order "other_symbol" { # ERROR: Missing closing leg
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "AMD" # ERROR: Leg not in trigger
      action   = "sell_to_close"
      quantity = 10
    }
  }
  order "elsewhere" { # ERROR: Missing closing leg
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "AMD" # ERROR: Leg not in trigger
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
otoco "direction" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
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
  order "wrong_way" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 0.5
    leg {
      symbol   = "SPY   261218P00500000"
      action   = "sell_to_close" # ERROR: Wrong closing direction
      quantity = 3 # ERROR: Quantity exceeds trigger
    }
    leg {
      symbol   = "SPY   261218P00490000"
      action   = "sell_to_close"
      quantity = 2
    }
  }
  order "half" { # ERROR: Missing closing leg
    type          = "limit"
    time_in_force = "gtc"
    price         = 0.2
    leg {
      symbol   = "SPY 261218P00500000"
      action   = "buy_to_close"
      quantity = 1
    }
  }
}
`,
		},
		{
			name: "components follow the order rules",
			src: `
otoco "rules" {
  account = account.main
  trigger {
    type          = "stop"
    time_in_force = "gtc" # ERROR: Unsupported time in force
    stop_trigger  = 1
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1.5 # ERROR: Fractional quantity
    }
  }
  order "a" {
    type          = "limit"
    time_in_force = "gtd"
    gtc_date      = "2026-06-14" # ERROR: GTD date in the past
    price         = 2
    price_effect  = "debit" # ERROR: Contradictory price effect
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" { # ERROR: Missing stop trigger
    type          = "stop_limit"
    time_in_force = "gtc"
    gtc_date      = "2026-07-01" # ERROR: Unexpected GTC date
    price         = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
oto "market_gtc" {
  account = account.main
  trigger {
    type          = "market"
    time_in_force = "gtc" # ERROR: Unsupported time in force
    leg {
      symbol   = "AAPL"
      action   = "buy_to_open"
      quantity = 1
    }
  }
  order "a" { # ERROR: Missing leg # ERROR: Missing GTC date
    type          = "limit"
    time_in_force = "gtd"
    price         = 2
  }
}
`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			complexMarks(t, tt.src)
		})
	}
}

// TestComplexOrderDetails checks the wording of the complex-order
// messages, and that they hide what comes from sensitive variables.
func TestComplexOrderDetails(t *testing.T) {
	t.Parallel()
	const src = header + `
variable "qty" {
  sensitive = true
  default   = 2
}
variable "sym" {
  sensitive = true
  default   = "ZQXJ"
}
otoco "a" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtd"
    gtc_date      = "2026-06-01"
    price         = 1
    leg {
      symbol   = "NVDA"
      action   = "buy_to_open"
      quantity = 10
    }
  }
  order "tp" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "NVDA"
      action   = "buy_to_close"
      quantity = 12
    }
  }
  order "sl" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = var.sym
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
otoco "b" {
  account = account.main
  trigger {
    type          = "limit"
    time_in_force = "gtc"
    price         = 1
    leg {
      symbol   = "NVDA"
      action   = "buy_to_open"
      quantity = var.qty
    }
  }
  order "tp" {
    type          = "limit"
    time_in_force = "gtc"
    price         = 2
    leg {
      symbol   = "NVDA"
      action   = "sell_to_close"
      quantity = 3
    }
  }
  order "sl" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "NVDA"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`
	cfg, diags := loadSource(t, src)
	var got []string
	for _, d := range diags {
		got = append(got, d.Summary+": "+d.Detail)
	}
	want := []string{
		"GTD date in the past: The gtc_date 2026-06-01 is before today, 2026-06-15 in New York. " +
			"Give today or a later date.",
		`Wrong closing direction: The trigger buys "NVDA", so this leg closes it with sell_to_close.`,
		`Quantity exceeds trigger: This leg closes 12 of "NVDA", but the trigger opens only 10. ` +
			"An order of an otoco block closes no more than the trigger opens.",
		"Leg not in trigger: (sensitive value) is not traded by the trigger. The orders of an " +
			"otoco block close what the trigger opens, so they trade the same instruments.",
		`Missing closing leg: The trigger also trades "NVDA", which this order does not close. ` +
			"Each order of an otoco block closes everything the trigger opens.",
		`Quantity exceeds trigger: This leg closes 3 of "NVDA", but the trigger opens only ` +
			"(sensitive value). An order of an otoco block closes no more than the trigger opens.",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	if text := strings.ToLower(diagText(cfg, diags)); strings.Contains(text, "zqxj") {
		t.Errorf("diagnostics show the sensitive symbol:\n%s", text)
	}
}

func TestComplexOrderSensitive(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "price" {
  sensitive = true
}
variable "sym" {
  sensitive = true
}
oco "o" {
  account = account.main
  order "a" {
    type          = "limit"
    time_in_force = "gtc"
    price         = var.price
    leg {
      symbol   = var.sym
      action   = "sell_to_close"
      quantity = 1
    }
  }
  order "b" {
    type          = "stop"
    time_in_force = "gtc"
    stop_trigger  = 1
    leg {
      symbol   = "AAPL"
      action   = "sell_to_close"
      quantity = 1
    }
  }
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_price=9", "TTPLAN_VAR_sym=MSFT"}})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}
	var got [][]string
	for _, c := range cfg.ComplexOrders[0].Orders {
		got = append(got, c.Sensitive)
	}
	want := [][]string{{"leg.instrument_type", "leg.symbol", "price"}, nil}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("component Sensitive mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadComplexFixture(t *testing.T) {
	t.Parallel()
	cfg, diags := Load(filepath.Join("testdata", "valid", "complex"), LoadOptions{Today: testToday})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	limit := func(price string, a provider.Action, leg provider.Leg) provider.OrderSpec {
		effect := provider.Credit
		if a.IsBuy() {
			effect = provider.Debit
		}
		leg.Action = a
		return provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
			Price: dec(price), PriceEffect: effect, Legs: []provider.Leg{leg}}
	}
	stock := func(symbol, qty string) provider.Leg {
		return provider.Leg{InstrumentType: provider.Equity, Symbol: symbol, Quantity: dec(qty)}
	}
	es := func(qty string) provider.Leg {
		return provider.Leg{InstrumentType: provider.Future, Symbol: "/ESZ6", Quantity: dec(qty)}
	}
	entry := func(symbol, price, target, stop, qty string) *ComplexOrder {
		trigger := limit(price, provider.BuyToOpen, stock(symbol, qty))
		trigger.TimeInForce, trigger.GTCDate = provider.GTD, "2026-12-18"
		return &ComplexOrder{
			Address: `otoco.entry["` + symbol + `"]`, Type: provider.OTOCO, Account: "5WT00001",
			Trigger: &Component{Name: "trigger", Spec: trigger},
			Orders: []*Component{
				{Name: "take_profit", Spec: limit(target, provider.SellToClose, stock(symbol, qty))},
				{Name: "stop_loss", Spec: provider.OrderSpec{
					OrderType: provider.Stop, TimeInForce: provider.GTC, StopTrigger: dec(stop),
					Legs: []provider.Leg{equityLeg(symbol, provider.SellToClose, qty)},
				}},
			},
			Rearm: 2,
		}
	}
	floor := limit("179.5", provider.SellToClose, stock("AAPL", "100"))
	floor.OrderType, floor.StopTrigger = provider.StopLimit, dec("180")

	wantComplex := []*ComplexOrder{
		{
			Address: "oco.aapl_exit", Type: provider.OCO, Account: "5WT00001",
			Orders: []*Component{
				{Name: "target", Spec: limit("240", provider.SellToClose, stock("AAPL", "100"))},
				{Name: "floor", Spec: floor},
			},
			Lifecycle: Lifecycle{PreventDestroy: true},
		},
		{
			Address: "oto.es_scale_out", Type: provider.OTO, Account: "5WT00001",
			Trigger: &Component{Name: "trigger", Spec: limit("5000.25", provider.BuyToOpen, es("2"))},
			Orders: []*Component{
				{Name: "first", Spec: limit("5050", provider.SellToClose, es("1"))},
				{Name: "second", Spec: limit("5100", provider.SellToClose, es("1"))},
			},
		},
		entry("AMD", "98.25", "120", "90", "20"),
		entry("MSFT", "310", "360", "295", "5"),
	}
	if diff := cmp.Diff(wantComplex, cfg.ComplexOrders, cmpConfig); diff != "" {
		t.Errorf("ComplexOrders mismatch (-want +got):\n%s", diff)
	}

	wantOrders := []*Order{{
		Address: "order.nvda_dip", Account: "5WT00001", Rearm: 1,
		Spec: limit("95.5", provider.BuyToOpen, stock("NVDA", "10")),
	}}
	if diff := cmp.Diff(wantOrders, cfg.Orders, cmpConfig); diff != "" {
		t.Errorf("Orders mismatch (-want +got):\n%s", diff)
	}
	wantLimits := &Limits{
		MaxOrderValue: dec("50000"), MaxQuantity: dec("500"), MaxActions: 20, MaxCancelPercent: dec("50"),
	}
	if diff := cmp.Diff(wantLimits, cfg.Limits, cmpConfig); diff != "" {
		t.Errorf("Limits mismatch (-want +got):\n%s", diff)
	}
	if len(cfg.Watchlists) != 1 || !cfg.Watchlists[0].Lifecycle.PreventDestroy {
		t.Errorf("Watchlists = %v, want watchlist.held with prevent_destroy", cfg.Watchlists)
	}
}
