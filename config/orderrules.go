package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/ttplan/ttplan/provider"
)

// The rules below refuse, at plan time, every combination the API
// refuses at submission (tastytrade-api.md §5.4), so that apply never
// fails half way through a batch on an order that could not stand. A
// rule skips what an earlier error made unknown: it never reports an
// argument missing that was written but broken.

// checker applies the order rules to one draft.
type checker struct {
	d     *orderDraft
	diags hcl.Diagnostics
}

// check applies every rule, filling in the price and value effects
// where they can be inferred.
func (d *orderDraft) check(today string) hcl.Diagnostics {
	c := &checker{d: d}
	c.pricing()
	c.timeInForce(today)
	c.legs()
	c.notional()
	c.effects()
	return c.diags
}

func (c *checker) errorf(rng hcl.Range, summary, format string, args ...any) {
	c.diags = append(c.diags, errorAt(rng, summary, format, args...))
}

// pricing is which of price, stop_trigger and value an order type
// takes; it refuses the others.
type pricing struct{ price, trigger, value bool }

var pricingByType = map[provider.OrderType]pricing{
	provider.Limit:           {price: true},
	provider.Market:          {},
	provider.MarketableLimit: {price: true},
	provider.Stop:            {trigger: true},
	provider.StopLimit:       {price: true, trigger: true},
	provider.NotionalMarket:  {value: true},
}

// amountHelp ends the message for a missing and an unexpected amount.
var amountHelp = map[string][2]string{
	"price": {"the limit price",
		"Remove it, or use an order type that takes one: limit, marketable_limit or stop_limit."},
	"stop_trigger": {"the price that triggers it",
		"Only stop and stop_limit orders take a stop_trigger."},
	"value": {"the dollar amount to trade",
		"Only notional_market orders take a value; the others are sized by each leg's quantity."},
}

// pricing checks price, stop_trigger, value and their effects against
// the order type.
func (c *checker) pricing() {
	d := c.d
	t := d.spec.OrderType
	if t == "" {
		if d.price.state != absent && d.value.state != absent {
			c.errorf(d.value.attr, "Conflicting price and value",
				"An order is priced by price or sized by value, never both.")
		}
		return
	}

	p := pricingByType[t]
	c.amount(t, d.price, p.price, "price")
	c.amount(t, d.trigger, p.trigger, "stop_trigger")
	c.amount(t, d.value, p.value, "value")
	if !p.price && d.priceEffect.state != absent {
		c.errorf(d.priceEffect.attr, "Unexpected price effect",
			"A %s order has no price, so it takes no price_effect.", c.typeWord(t))
	}
	if !p.value && d.valueEffect.state != absent {
		c.errorf(d.valueEffect.attr, "Unexpected value effect",
			"Only notional_market orders take a value_effect.")
	}
}

// amount checks that argument name is written when the order type takes
// it and only then.
func (c *checker) amount(t provider.OrderType, f field, takes bool, name string) {
	help, words := amountHelp[name], strings.ReplaceAll(name, "_", " ")
	switch {
	case takes && f.state == absent:
		c.errorf(c.d.defRange, "Missing "+words,
			"A %s order needs %s, %s.", c.typeWord(t), name, help[0])
	case !takes && f.state != absent:
		c.errorf(f.attr, "Unexpected "+words,
			"A %s order takes no %s. %s", c.typeWord(t), name, help[1])
	}
}

// timeInForce checks the time in force and its date against the order
// type and legs, and warns of one that does not stand.
func (c *checker) timeInForce(today string) {
	d := c.d
	tif := d.spec.TimeInForce
	c.gtcDate(tif, today)
	c.warnNotStanding(tif)

	if extendedHours(tif) && !c.singleEquity() {
		c.errorf(d.tif.rng, "Unsupported time in force",
			"The extended-hours time in force %s is for single-leg equity orders only.",
			c.tifWord(tif))
	}
	if !stands(tif) {
		return
	}
	switch t := d.spec.OrderType; {
	case t == provider.Market || t == provider.NotionalMarket:
		// The API refuses a Market order that is GTC or GTD ("GTC/GTD
		// Market orders are not supported", §5.4). The reference says
		// nothing of Notional Market, a market order sized by value:
		// ttplan takes the safer reading and refuses it alike.
		c.errorf(d.tif.rng, "Unsupported time in force",
			"A %s order cannot be GTC or GTD: the API refuses it. Use a limit order to stand, "+
				"or day or ioc for a market order.", c.typeWord(t))
	case t == provider.Stop && c.opens():
		// §5.4 has the API refuse an opening stop that is GTC and says
		// nothing of GTD. A GTD stop stands as a GTC one does, so ttplan
		// takes the safer reading and refuses every time in force that
		// stands.
		c.errorf(d.tif.rng, "Unsupported time in force",
			"A %s order that opens a position cannot be GTC or GTD: the API refuses it. "+
				"Closing stops may stand; for an opening one use a stop_limit order.", c.typeWord(provider.Stop))
	}
}

// warnNotStanding warns of a time in force that ends the order the same
// day: ttplan would place it again on every run.
func (c *checker) warnNotStanding(tif provider.TimeInForce) {
	const again = "ttplan will place it again on each later run until it fills. " +
		"Use gtc or gtd for a standing order."
	switch tif {
	case provider.Day, provider.Ext, provider.ExtOvernight:
		c.diags = append(c.diags, warningAt(c.d.tif.rng, "Non-standing time in force",
			"A %s order does not stand: it expires at the close and %s",
			c.tifWord(tif), again))
	case provider.IOC:
		c.diags = append(c.diags, warningAt(c.d.tif.rng, "Non-standing time in force",
			"An %s order does not stand: it is cancelled at once unless it fills, and %s",
			hiddenWord("ioc", c.d.tif.sensitive), again))
	}
}

// gtcDate checks gtc_date: required by gtd, refused by every other time
// in force, and not before today in New York.
func (c *checker) gtcDate(tif provider.TimeInForce, today string) {
	d := c.d
	switch {
	case tif == provider.GTD && d.gtcDate.state == absent:
		c.errorf(d.defRange, "Missing GTC date",
			"A gtd order needs gtc_date, its last day, as YYYY-MM-DD.")
	case tif != "" && tif != provider.GTD && d.gtcDate.state != absent:
		c.errorf(d.gtcDate.attr, "Unexpected GTC date",
			`gtc_date is the last day of a gtd order; a %s order takes none. `+
				`Remove it, or set time_in_force = "gtd".`, c.tifWord(tif))
	case d.gtcDate.state == present && d.spec.GTCDate < today:
		c.errorf(d.gtcDate.rng, "GTD date in the past",
			"The gtc_date %s is before today, %s in New York. Give today or a later date.",
			shownDate(d.spec.GTCDate, d.gtcDate.sensitive), today)
	}
}

func stands(tif provider.TimeInForce) bool {
	switch tif {
	case provider.GTC, provider.GTD, provider.GTCExt, provider.GTCExtOvernight:
		return true
	}
	return false
}

func extendedHours(tif provider.TimeInForce) bool {
	switch tif {
	case provider.Ext, provider.ExtOvernight, provider.GTCExt, provider.GTCExtOvernight:
		return true
	}
	return false
}

// singleEquity reports whether the order is one equity leg, or cannot
// tell because a leg failed.
func (c *checker) singleEquity() bool {
	legs := c.d.spec.Legs
	if len(legs) == 1 && legs[0].InstrumentType == "" {
		return true
	}
	return len(legs) == 1 && legs[0].InstrumentType == provider.Equity
}

// opens reports whether any leg opens a position. Buy and Sell, which
// say nothing of position, count as opening.
func (c *checker) opens() bool {
	for _, leg := range c.d.spec.Legs {
		if leg.Action != "" && !leg.Action.IsClosing() {
			return true
		}
	}
	return false
}

// notional checks what only a notional_market order needs.
func (c *checker) notional() {
	d := c.d
	if d.spec.OrderType != provider.NotionalMarket {
		return
	}

	if d.value.state == present && d.spec.Value.Decimal.LessThan(minNotional) {
		c.errorf(d.value.rng, "Notional value below minimum",
			"A notional_market order needs a value of at least %s dollars.", minNotional)
	}
	for i, leg := range d.spec.Legs {
		t := leg.InstrumentType
		if t != "" && t != provider.Equity && t != provider.Cryptocurrency {
			c.errorf(d.legs[i].symbol.rng, "Unsupported instrument for notional order",
				"A notional_market order trades only equities and cryptocurrencies; "+
					"this leg's instrument type is %s.", hiddenWord(provider.HCLSpelling(t), d.legs[i].symbol.sensitive))
		}
	}
}

// effects fills in the price and value effects, or checks the given
// ones against the legs.
func (c *checker) effects() {
	d := c.d
	if d.price.state != absent {
		d.spec.PriceEffect = c.effect(d.priceEffect, d.spec.PriceEffect, "price")
	}
	if d.value.state != absent {
		d.spec.ValueEffect = c.effect(d.valueEffect, d.spec.ValueEffect, "value")
	}
}

// effect is the effect of the price or value: as given when it agrees
// with the legs, else inferred from them. what is "price" or "value".
func (c *checker) effect(f field, given provider.Effect, what string) provider.Effect {
	dir, known := c.direction()
	switch {
	case f.state == broken:
		return ""
	case f.state == present:
		if known && dir != "" && dir != given && c.actionsSensitive() {
			c.errorf(f.rng, "Contradictory "+what+" effect",
				"The %s_effect contradicts the legs' actions, which are sensitive and so not shown. "+
					"The API refuses it (cant_buy_for_credit).", what)
		} else if known && dir != "" && dir != given {
			c.errorf(f.rng, "Contradictory "+what+" effect",
				"Every leg %s, so the order %s: set %s_effect = %q or leave it out. "+
					"The API refuses it (cant_buy_for_credit).",
				map[provider.Effect]string{provider.Debit: "buys", provider.Credit: "sells"}[dir],
				map[provider.Effect]string{provider.Debit: "pays", provider.Credit: "is paid"}[dir],
				what, provider.HCLSpelling(dir))
		}
		return given
	case known && dir == "":
		c.errorf(c.d.defRange, "Missing "+what+" effect",
			`Some legs buy and others sell, so ttplan cannot tell whether the order pays or `+
				`is paid. Set %s_effect to "debit" or "credit".`, what)
	}
	return dir
}

// direction is Debit when every leg buys and Credit when every leg
// sells, or "" when they mix. It reports false when a leg's action is
// unknown.
func (c *checker) direction() (provider.Effect, bool) {
	buys, sells := 0, 0
	for _, leg := range c.d.spec.Legs {
		switch {
		case leg.Action == "":
			return "", false
		case leg.Action.IsBuy():
			buys++
		default:
			sells++
		}
	}

	switch {
	case buys+sells == 0:
		return "", false
	case sells == 0:
		return provider.Debit, true
	case buys == 0:
		return provider.Credit, true
	}
	return "", true
}

// typeWord names the order type t in a message, unless it is sensitive.
func (c *checker) typeWord(t provider.OrderType) string {
	return hiddenWord(provider.HCLSpelling(t), c.d.typ.sensitive)
}

// tifWord names the time in force in a message, unless it is sensitive.
func (c *checker) tifWord(tif provider.TimeInForce) string {
	return hiddenWord(provider.HCLSpelling(tif), c.d.tif.sensitive)
}

// hiddenWord is s, or the sensitive mark.
func hiddenWord(s string, sensitive bool) string {
	if sensitive {
		return "(sensitive value)"
	}
	return s
}

// actionsSensitive reports whether any leg's action is sensitive.
func (c *checker) actionsSensitive() bool {
	for _, l := range c.d.legs {
		if l.action.sensitive {
			return true
		}
	}
	return false
}
