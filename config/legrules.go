package config

import (
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// minNotional is the smallest value of a notional_market order.
var minNotional = decimal.NewFromInt(5)

// legs checks the legs against each other and the order type.
func (c *checker) legs() {
	d := c.d
	if len(d.legs) == 0 {
		c.errorf(d.defRange, "Missing leg",
			"An order needs at least one leg block, with symbol, action and quantity.")
		return
	}

	if c.families() {
		c.legCount()
	}
	c.distinctSymbols()
	c.quantities()
	c.plainActions()
}

// family names what the legs of one order must all trade. The API takes
// orders of one instrument type: a stock and its option (a covered call)
// go as two orders.
func family(t provider.InstrumentType) string {
	switch t {
	case provider.Equity:
		return "equities"
	case provider.EquityOption:
		return "equity options"
	case provider.Future:
		return "futures"
	case provider.FutureOption:
		return "futures options"
	}
	return "cryptocurrencies"
}

func isOption(t provider.InstrumentType) bool {
	return t == provider.EquityOption || t == provider.FutureOption
}

// families refuses legs of different instrument types. It reports
// whether they agree.
func (c *checker) families() bool {
	first := ""
	for i, leg := range c.d.spec.Legs {
		if leg.InstrumentType == "" {
			continue
		}
		f := family(leg.InstrumentType)
		if first == "" {
			first = f
			continue
		}
		if f != first && c.symbolsSensitive() {
			c.errorf(c.d.legs[i].defRange, "Mixed instrument families",
				"This leg trades another kind of instrument than an earlier one (the symbols are "+
					"sensitive, so not named). The API takes the legs of one order in one instrument type.")
			return false
		}
		if f != first {
			c.errorf(c.d.legs[i].defRange, "Mixed instrument families",
				"This leg trades %s and an earlier one %s. The API takes the legs of one "+
					"order in one instrument type; place a stock and its option as two orders.", f, first)
			return false
		}
	}
	return true
}

// legCount refuses more legs than the order may have.
func (c *checker) legCount() {
	limit, why := c.legLimit()
	if len(c.d.legs) > limit {
		c.errorf(c.d.legs[limit].defRange, "Too many legs", "%s", why)
	}
}

// legLimit is how many legs the order may have, and why: four for an
// options order, one for any other.
func (c *checker) legLimit() (int, string) {
	switch t := c.d.spec.OrderType; t {
	case provider.Market, provider.NotionalMarket:
		return 1, "A " + c.typeWord(t) + " order has exactly one leg."
	}

	known := false
	for _, leg := range c.d.spec.Legs {
		if isOption(leg.InstrumentType) {
			return 4, "An options order has at most four legs."
		}
		known = known || leg.InstrumentType != ""
	}
	if !known {
		return len(c.d.legs), ""
	}
	return 1, "Only options orders have several legs; " +
		"an equity, future or cryptocurrency order has one."
}

// distinctSymbols refuses a symbol in two legs.
func (c *checker) distinctSymbols() {
	seen := map[string]bool{}
	for i, leg := range c.d.spec.Legs {
		if leg.Symbol == "" {
			continue
		}
		if seen[leg.Symbol] {
			c.errorf(c.d.legs[i].symbol.rng, "Duplicate leg symbol",
				"%s is already in another leg of this order. The API refuses an order with "+
					"the same symbol in two legs.", shown(leg.Symbol, c.d.legs[i].symbol.sensitive))
		}
		seen[leg.Symbol] = true
	}
}

// quantities checks each leg's quantity: required but for notional
// orders, which refuse it, and whole but for cryptocurrencies.
func (c *checker) quantities() {
	notional := c.d.spec.OrderType == provider.NotionalMarket
	for i, ld := range c.d.legs {
		leg := c.d.spec.Legs[i]
		switch {
		case notional && ld.quantity.state != absent:
			c.errorf(ld.quantity.attr, "Unexpected quantity",
				"A %s order is sized by value, so its leg takes no quantity.", c.typeWord(provider.NotionalMarket))
		case !notional && ld.quantity.state == absent:
			c.errorf(ld.defRange, "Missing quantity",
				"Each leg needs quantity, a positive number of shares, contracts or coins.")
		case ld.quantity.state == present && leg.InstrumentType != "" &&
			leg.InstrumentType != provider.Cryptocurrency && !leg.Quantity.Decimal.IsInteger():
			c.errorf(ld.quantity.rng, "Fractional quantity",
				"Only cryptocurrency quantities may have decimals; this %s leg trades whole units.",
				hiddenWord(provider.HCLSpelling(leg.InstrumentType), ld.symbol.sensitive))
		}
	}
}

// plainActions refuses buy and sell, which name no position effect,
// except on a single-leg futures order.
func (c *checker) plainActions() {
	legs := c.d.spec.Legs
	for i, leg := range legs {
		if leg.Action != provider.Buy && leg.Action != provider.Sell {
			continue
		}
		if len(legs) == 1 && (leg.InstrumentType == provider.Future || leg.InstrumentType == "") {
			continue
		}
		c.errorf(c.d.legs[i].action.rng, "Unsupported action",
			"buy and sell are for single-leg futures orders. Use buy_to_open, buy_to_close, "+
				"sell_to_open or sell_to_close.")
	}
}

// symbolsSensitive reports whether any leg's symbol is sensitive.
func (c *checker) symbolsSensitive() bool {
	for _, l := range c.d.legs {
		if l.symbol.sensitive {
			return true
		}
	}
	return false
}
