package config

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

// orderSrc is a configuration with one order "o" in account.main whose
// other arguments and legs are body.
func orderSrc(body string) string {
	return header + "order \"o\" {\n  account = account.main\n" + body + "\n}\n"
}

// equityLeg is one leg of shares.
func equityLeg(symbol string, action provider.Action, qty string) provider.Leg {
	return provider.Leg{InstrumentType: provider.Equity, Symbol: symbol, Action: action, Quantity: dec(qty)}
}

func TestOrderResolution(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		body string
		want provider.OrderSpec

		// warnings are the summaries of the diagnostics expected, all
		// warnings.
		warnings []string
	}{
		{
			name: "API spellings",
			body: `type = "Stop Limit"
time_in_force = "GTC"
price = 99
stop_trigger = 100
leg {
  symbol = "AAPL"
  instrument_type = "Equity"
  action = "Sell to Close"
  quantity = 1
}`,
			want: provider.OrderSpec{
				OrderType: provider.StopLimit, TimeInForce: provider.GTC,
				Price: dec("99"), PriceEffect: provider.Credit, StopTrigger: dec("100"),
				Legs: []provider.Leg{equityLeg("AAPL", provider.SellToClose, "1")},
			},
		},
		{
			name: "snake_case in any case",
			body: `type = "STOP_LIMIT"
time_in_force = "gtc"
price = 99
stop_trigger = 100
leg {
  symbol = "aapl"
  instrument_type = "EQUITY"
  action = "SELL-TO-CLOSE"
  quantity = 1
}`,
			want: provider.OrderSpec{
				OrderType: provider.StopLimit, TimeInForce: provider.GTC,
				Price: dec("99"), PriceEffect: provider.Credit, StopTrigger: dec("100"),
				Legs: []provider.Leg{equityLeg("AAPL", provider.SellToClose, "1")},
			},
		},
		{
			name: "credit spread with an explicit effect and canonical option symbols",
			body: `type = "limit"
time_in_force = "gtd"
gtc_date = "2026-06-15"
price = "1.80"
price_effect = "Credit"
leg {
  symbol = "spxw 251106p06840000"
  action = "sell_to_open"
  quantity = 10
}
leg {
  symbol = "SPXW  251106P06835000"
  instrument_type = "equity_option"
  action = "buy_to_open"
  quantity = 10
}`,
			want: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTD, GTCDate: "2026-06-15",
				Price: dec("1.8"), PriceEffect: provider.Credit,
				Legs: []provider.Leg{
					{InstrumentType: provider.EquityOption, Symbol: "SPXW  251106P06840000",
						Action: provider.SellToOpen, Quantity: dec("10")},
					{InstrumentType: provider.EquityOption, Symbol: "SPXW  251106P06835000",
						Action: provider.BuyToOpen, Quantity: dec("10")},
				},
			},
		},
		{
			name: "notional crypto buy infers the value effect",
			body: `type = "notional_market"
time_in_force = "ioc"
value = 10
leg {
  symbol = "btc/usd"
  action = "buy_to_open"
}`,
			want: provider.OrderSpec{
				OrderType: provider.NotionalMarket, TimeInForce: provider.IOC,
				Value: dec("10"), ValueEffect: provider.Debit,
				Legs: []provider.Leg{{InstrumentType: provider.Cryptocurrency, Symbol: "BTC/USD",
					Action: provider.BuyToOpen}},
			},
			warnings: []string{"warning: Non-standing time in force"},
		},
		{
			name: "fractional crypto quantity",
			body: `type = "limit"
time_in_force = "gtc"
price = 60000
leg {
  symbol = "BTC/USD"
  action = "buy_to_open"
  quantity = "0.0005"
}`,
			want: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec("60000"), PriceEffect: provider.Debit,
				Legs: []provider.Leg{{InstrumentType: provider.Cryptocurrency, Symbol: "BTC/USD",
					Action: provider.BuyToOpen, Quantity: dec("0.0005")}},
			},
		},
		{
			name: "a single-leg future may buy plainly",
			body: `type = "limit"
time_in_force = "gtc"
price = 5000.25
leg {
  symbol = "/ESZ6"
  action = "buy"
  quantity = 1
}`,
			want: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec("5000.25"), PriceEffect: provider.Debit,
				Legs: []provider.Leg{{InstrumentType: provider.Future, Symbol: "/ESZ6",
					Action: provider.Buy, Quantity: dec("1")}},
			},
		},
		{
			name: "future option symbols are opaque",
			body: `type = "limit"
time_in_force = "gtc"
price = 12.5
leg {
  symbol = " ./ESZ6 EW4Z6 261218C5000 "
  action = "sell_to_close"
  quantity = 2
}`,
			want: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec("12.5"), PriceEffect: provider.Credit,
				Legs: []provider.Leg{{InstrumentType: provider.FutureOption,
					Symbol: "./ESZ6 EW4Z6 261218C5000", Action: provider.SellToClose, Quantity: dec("2")}},
			},
		},
		{
			name: "marketable limit with extended hours on one equity",
			body: `type = "marketable_limit"
time_in_force = "gtc_ext_overnight"
price = 10
leg {
  symbol = "BRK/B"
  action = "sell_to_close"
  quantity = 3
}`,
			want: provider.OrderSpec{
				OrderType: provider.MarketableLimit, TimeInForce: provider.GTCExtOvernight,
				Price: dec("10"), PriceEffect: provider.Credit,
				Legs: []provider.Leg{equityLeg("BRK/B", provider.SellToClose, "3")},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadSource(t, orderSrc(tt.body))
			if diff := cmp.Diff(tt.warnings, summaries(diags)); diff != "" {
				t.Fatalf("Load() diagnostics mismatch (-want +got):\n%s\n%s", diff, diagText(cfg, diags))
			}
			want := []*Order{{Address: "order.o", Account: "5WT00001", Spec: tt.want}}
			if diff := cmp.Diff(want, cfg.Orders, cmpConfig); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrderRules(t *testing.T) {
	t.Parallel()
	const (
		buyAAPL  = "leg {\n symbol = \"AAPL\"\n action = \"buy_to_open\"\n quantity = 1\n}\n"
		sellAAPL = "leg {\n symbol = \"AAPL\"\n action = \"sell_to_close\"\n quantity = 1\n}\n"
		buyCall  = "leg {\n symbol = \"AAPL  260116C00200000\"\n action = \"buy_to_open\"\n quantity = 1\n}\n"
		sellCall = "leg {\n symbol = \"AAPL  260116C00210000\"\n action = \"sell_to_open\"\n quantity = 1\n}\n"
		buyBTC   = "leg {\n symbol = \"BTC/USD\"\n action = \"buy_to_open\"\n}\n"
	)
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"closing gtc stop", "type = \"stop\"\ntime_in_force = \"gtc\"\nstop_trigger = 9\n" + sellAAPL, nil},
		{"opening gtc stop", "type = \"stop\"\ntime_in_force = \"gtc\"\nstop_trigger = 9\n" + buyAAPL,
			[]string{"error: Unsupported time in force"}},
		{"opening gtd stop", "type = \"stop\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-07-01\"\nstop_trigger = 9\n" + buyAAPL,
			[]string{"error: Unsupported time in force"}},
		{"opening day stop", "type = \"stop\"\ntime_in_force = \"day\"\nstop_trigger = 9\n" + buyAAPL,
			[]string{"warning: Non-standing time in force"}},
		{"opening gtc stop limit", "type = \"stop_limit\"\ntime_in_force = \"gtc\"\nprice = 9\nstop_trigger = 9\n" + buyAAPL, nil},
		{"stop with a price", "type = \"stop\"\ntime_in_force = \"gtc\"\nstop_trigger = 9\nprice = 9\n" + sellAAPL,
			[]string{"error: Unexpected price"}},
		{"stop without a trigger", "type = \"stop\"\ntime_in_force = \"gtc\"\n" + sellAAPL,
			[]string{"error: Missing stop trigger"}},
		{"market day", "type = \"market\"\ntime_in_force = \"day\"\n" + buyAAPL,
			[]string{"warning: Non-standing time in force"}},
		{"market gtd", "type = \"market\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-07-01\"\n" + buyAAPL,
			[]string{"error: Unsupported time in force"}},
		{"marketable limit without price", "type = \"marketable_limit\"\ntime_in_force = \"gtc\"\n" + buyAAPL,
			[]string{"error: Missing price"}},
		{"notional at the minimum", "type = \"notional_market\"\ntime_in_force = \"ioc\"\nvalue = 5\n" + buyBTC,
			[]string{"warning: Non-standing time in force"}},
		{"notional gtc", "type = \"notional_market\"\ntime_in_force = \"gtc\"\nvalue = 5\n" + buyBTC,
			[]string{"error: Unsupported time in force"}},
		{"notional gtd", "type = \"notional_market\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-07-01\"\nvalue = 5\n" + buyBTC,
			[]string{"error: Unsupported time in force"}},
		{"notional with price and value", "type = \"notional_market\"\ntime_in_force = \"ioc\"\nvalue = 5\nprice = 5\n" + buyBTC,
			[]string{"error: Unexpected price", "warning: Non-standing time in force"}},
		{"unknown type with price and value", "type = \"x\"\ntime_in_force = \"gtc\"\nvalue = 5\nprice = 5\n" + buyBTC,
			[]string{"error: Invalid order type", "error: Conflicting price and value", "error: Missing quantity"}},
		{"notional with two legs", "type = \"notional_market\"\ntime_in_force = \"day\"\nvalue = 5\n" +
			"leg {\n symbol = \"AAPL\"\n action = \"buy_to_open\"\n}\nleg {\n symbol = \"MSFT\"\n action = \"buy_to_open\"\n}",
			[]string{"warning: Non-standing time in force", "error: Too many legs"}},
		{"notional value effect contradicts", "type = \"notional_market\"\ntime_in_force = \"ioc\"\nvalue = 5\nvalue_effect = \"credit\"\n" + buyBTC,
			[]string{"warning: Non-standing time in force", "error: Contradictory value effect"}},
		{"vertical spread given a debit", "type = \"limit\"\ntime_in_force = \"gtc\"\nprice = 1\nprice_effect = \"debit\"\n" + buyCall + sellCall, nil},
		{"two bought options infer a debit", "type = \"limit\"\ntime_in_force = \"gtc\"\nprice = 1\n" + buyCall +
			"leg {\n symbol = \"AAPL  260116P00190000\"\n action = \"buy_to_open\"\n quantity = 1\n}", nil},
		{"sale for a debit", "type = \"limit\"\ntime_in_force = \"gtc\"\nprice = 1\nprice_effect = \"debit\"\n" + sellAAPL,
			[]string{"error: Contradictory price effect"}},
		{"plain sell on an option", "type = \"limit\"\ntime_in_force = \"gtc\"\nprice = 1\n" +
			"leg {\n symbol = \"AAPL  260116C00200000\"\n action = \"sell\"\n quantity = 1\n}",
			[]string{"error: Unsupported action"}},
		{"ext on one equity", "type = \"limit\"\ntime_in_force = \"ext\"\nprice = 1\n" + buyAAPL,
			[]string{"warning: Non-standing time in force"}},
		{"gtc_ext on crypto", "type = \"limit\"\ntime_in_force = \"gtc_ext\"\nprice = 1\n" +
			"leg {\n symbol = \"BTC/USD\"\n action = \"buy_to_open\"\n quantity = 1\n}",
			[]string{"error: Unsupported time in force"}},
		{"gtd today", "type = \"limit\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-06-15\"\nprice = 1\n" + buyAAPL, nil},
		{"gtd yesterday", "type = \"limit\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-06-14\"\nprice = 1\n" + buyAAPL,
			[]string{"error: GTD date in the past"}},
		{"gtd date with a time", "type = \"limit\"\ntime_in_force = \"gtd\"\ngtc_date = \"2026-07-01T00:00:00Z\"\nprice = 1\n" + buyAAPL,
			[]string{"error: Invalid GTC date"}},
		{"missing type and time in force", buyAAPL,
			[]string{"error: Missing required argument", "error: Missing required argument"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := loadSource(t, orderSrc(tt.body))
			if diff := cmp.Diff(tt.want, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestOrderAccount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		account string
		want    string
	}{
		{"account.main", "5WT00001"},
		{"account.main.number", "5WT00001"},
		{`"5wt00002"`, "5WT00002"},
		{`{ number = "5WT00003" }`, "5WT00003"},
	}
	for _, tt := range tests {
		t.Run(tt.account, func(t *testing.T) {
			t.Parallel()
			cfg := mustLoad(t, header+`order "o" {
  account       = `+tt.account+`
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}`)
			if got := cfg.Orders[0].Account; got != tt.want {
				t.Errorf("Account = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestGTDDateIsANewYorkDate(t *testing.T) {
	t.Parallel()
	// 02:00 UTC on the 16th is still the evening of the 15th in New York.
	today := time.Date(2026, 6, 16, 2, 0, 0, 0, time.UTC)
	tests := []struct {
		date string
		want []string
	}{
		{"2026-06-15", nil},
		{"2026-06-14", []string{"The gtc_date 2026-06-14 is before today, 2026-06-15 in New York. Give today or a later date."}},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			t.Parallel()
			src := orderSrc(`type = "limit"
time_in_force = "gtd"
gtc_date = "` + tt.date + `"
price = 1
leg {
  symbol = "AAPL"
  action = "buy_to_open"
  quantity = 1
}`)
			_, diags := loadFiles(t, map[string]string{"main.tt.hcl": src}, LoadOptions{Today: today})
			var got []string
			for _, d := range diags {
				got = append(got, d.Detail)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAmountsAreExactDecimals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		price string
		want  string // the decimal, or "error: Summary"
	}{
		{`95.50`, "95.5"},
		{`"95.50"`, "95.5"},
		{`0.1`, "0.1"},
		{`1e2`, "100"},
		{`"1e2"`, "100"},
		{`" 7.25 "`, "7.25"},
		{`0.1 + 0.2`, "0.3"},
		{`1.15 + 0.05`, "1.2"},
		{`1.1 * 1.1`, "1.21"},
		{`"0.000000000001"`, "0.000000000001"},
		{`123456789.123456789`, "123456789.123456789"},
		{`100 / 3`, "error: Invalid price"},
		{`"0.0000000000001"`, "error: Invalid price"},
		{`1e20`, "error: Invalid price"},
		{`"1e-999999999"`, "error: Invalid price"},
		{`"abc"`, "error: Invalid price"},
		{`0`, "error: Invalid price"},
		{`true`, "error: Incorrect attribute value type"},
	}
	for _, tt := range tests {
		t.Run(tt.price, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadSource(t, orderSrc(`type = "limit"
time_in_force = "gtc"
price = `+tt.price+`
leg {
  symbol = "AAPL"
  action = "buy_to_open"
  quantity = 1
}`))
			got := ""
			switch {
			case len(diags) > 0:
				got = summaries(diags)[0]
			case len(cfg.Orders) == 1:
				got = cfg.Orders[0].Spec.Price.Decimal.String()
			}
			if got != tt.want {
				t.Errorf("price = %s loaded as %q, want %q", tt.price, got, tt.want)
			}
		})
	}
}
