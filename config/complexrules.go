package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// The rules below refuse, beyond the rules of each order, what makes no
// sense in a complex order (tastytrade-api.md §5.11): an OCO closes a
// position held; an OTOCO's trigger opens one and its two orders close
// it; an OTO's trigger opens one. A rule skips what an earlier error
// made unknown, as the order rules do.

// complexChecker applies the complex-order rules to one instance.
type complexChecker struct {
	typ     provider.ComplexType
	kind    string // the block type: "oco", "oto" or "otoco"
	trigger *orderDraft
	diags   hcl.Diagnostics
}

// checkComplex applies every rule to the trigger, nil for an OCO or when
// missing, and the orders of one complex order.
func checkComplex(typ provider.ComplexType, trigger *orderDraft, orders []*orderDraft) hcl.Diagnostics {
	c := &complexChecker{typ: typ, kind: strings.ToLower(string(typ)), trigger: trigger}
	for _, d := range orders {
		c.notMarket(d)
	}
	if typ != provider.OCO {
		c.triggerOpens()
	}
	if typ == provider.OTO {
		return c.diags
	}
	for _, d := range orders {
		c.closesOnly(d)
		c.closesTrigger(d)
	}
	return c.diags
}

func (c *complexChecker) errorf(rng hcl.Range, summary, format string, args ...any) {
	c.diags = append(c.diags, errorAt(rng, summary, format, args...))
}

// notMarket refuses a market order among the orders, which wait: for the
// trigger to fill, or for the other order of an OCO to fill.
func (c *complexChecker) notMarket(d *orderDraft) {
	if t := d.spec.OrderType; t != provider.Market && t != provider.NotionalMarket {
		return
	}
	why := "The orders of an " + c.kind + " block wait until the trigger fills"
	if c.typ == provider.OCO {
		why = "The orders of an oco block stand until one of them fills"
	}
	c.errorf(d.typ.rng, "Unsupported order type",
		"%s, and a market order cannot wait: the API refuses it. Use a limit, stop or "+
			"stop_limit order.", why)
}

// triggerOpens refuses a closing leg in the trigger, which opens the
// position that the orders then close or manage.
func (c *complexChecker) triggerOpens() {
	t := c.trigger
	if t == nil {
		return
	}
	for i, leg := range t.spec.Legs {
		if leg.Action.IsClosing() {
			c.errorf(t.legs[i].action.rng, "Closing leg in trigger",
				"The trigger of an %s block opens the position that its orders then close or "+
					"manage. Use buy_to_open or sell_to_open.", c.kind)
		}
	}
}

// closesOnly refuses an opening leg in an order of an OCO or an OTOCO.
// buy and sell, which name no position effect, count as opening.
func (c *complexChecker) closesOnly(d *orderDraft) {
	why := "The orders of an oco block close a position you hold: they stand at once, " +
		"and the first to fill cancels the other."
	if c.typ == provider.OTOCO {
		why = "The two orders of an otoco block close the position its trigger opens."
	}
	for i, leg := range d.spec.Legs {
		if leg.Action != "" && !leg.Action.IsClosing() {
			c.errorf(d.legs[i].action.rng, "Opening leg in closing order",
				"%s Use buy_to_close or sell_to_close.", why)
		}
	}
}

// instrumentKey identifies what a leg trades.
type instrumentKey struct {
	symbol string
	typ    provider.InstrumentType
}

// closesTrigger checks that an order of an OTOCO trades the trigger's
// instruments, each in the closing direction and no more of it than the
// trigger opens.
func (c *complexChecker) closesTrigger(d *orderDraft) {
	t := c.trigger
	if t == nil || len(t.legs) == 0 {
		return
	}
	opened := map[instrumentKey]int{}
	for j, leg := range t.spec.Legs {
		if leg.Symbol == "" {
			return // unknown: an error says why
		}
		opened[instrumentKey{leg.Symbol, leg.InstrumentType}] = j
	}

	closed := map[int]bool{}
	known := true
	for i, leg := range d.spec.Legs {
		if leg.Symbol == "" {
			known = false
			continue
		}
		j, ok := opened[instrumentKey{leg.Symbol, leg.InstrumentType}]
		if !ok {
			c.errorf(d.legs[i].symbol.rng, "Leg not in trigger",
				"%s is not traded by the trigger. The orders of an otoco block close what the "+
					"trigger opens, so they trade the same instruments.",
				shown(leg.Symbol, d.legs[i].symbol.sensitive))
			continue
		}
		closed[j] = true
		c.closingLeg(d.legs[i], leg, t.legs[j], t.spec.Legs[j])
	}

	for j, leg := range t.spec.Legs {
		if known && !closed[j] {
			c.errorf(d.defRange, "Missing closing leg",
				"The trigger also trades %s, which this order does not close. Each order of an "+
					"otoco block closes everything the trigger opens.",
				shown(leg.Symbol, t.legs[j].symbol.sensitive))
		}
	}
}

// closingLeg checks one leg of an OTOCO order against the trigger leg
// that opens what it closes.
func (c *complexChecker) closingLeg(ld legDraft, leg provider.Leg, od legDraft, opener provider.Leg) {
	symbol := shown(leg.Symbol, ld.symbol.sensitive || od.symbol.sensitive)
	sameWay := leg.Action.IsBuy() == opener.Action.IsBuy()
	if leg.Action.IsClosing() && opener.Action != "" && sameWay {
		if ld.action.sensitive || od.action.sensitive {
			c.errorf(ld.action.rng, "Wrong closing direction",
				"This leg must close %s in the direction opposite to the trigger's.", symbol)
		} else {
			verb, want := "buys", provider.SellToClose
			if !opener.Action.IsBuy() {
				verb, want = "sells", provider.BuyToClose
			}
			c.errorf(ld.action.rng, "Wrong closing direction",
				"The trigger %s %s, so this leg closes it with %s.",
				verb, symbol, provider.HCLSpelling(want))
		}
	}

	if ld.quantity.state == present && od.quantity.state == present &&
		leg.Quantity.Decimal.GreaterThan(opener.Quantity.Decimal) {
		c.errorf(ld.quantity.rng, "Quantity exceeds trigger",
			"This leg closes %s of %s, but the trigger opens only %s. An order of an otoco "+
				"block closes no more than the trigger opens.",
			shownDecimal(leg.Quantity.Decimal, ld.quantity.sensitive), symbol,
			shownDecimal(opener.Quantity.Decimal, od.quantity.sensitive))
	}
}

// shownDecimal is d for a detail, or a placeholder when it is sensitive.
func shownDecimal(d decimal.Decimal, sensitive bool) string {
	if sensitive {
		return "(sensitive value)"
	}
	return d.String()
}
