package emulator

import (
	"strings"

	"github.com/shopspring/decimal"
)

// maxOptionLegs is the most legs an option order may have.
const maxOptionLegs = 4

// legRules checks the legs: how many, which types, which actions, which
// quantities.
func legRules(s orderSpec, inst []instrument) []errItem {
	var out []errItem
	add := func(code, format string, args ...any) { out = append(out, preflightErr(code, format, args...)) }
	n := len(s.Legs)
	allOptions := true
	seen := map[string]bool{}

	for i, l := range s.Legs {
		allOptions = allOptions && isOption(l.Info.Type)
		if seen[l.Info.Symbol] {
			add(codeDuplicateLeg, "Leg symbol %s appears more than once.", l.Info.Symbol)
		}
		seen[l.Info.Symbol] = true
		out = append(out, quantityRules(s, l, inst[i])...)
	}

	switch {
	case (s.OrderType == "Market" || s.OrderType == "Notional Market") && n > 1:
		add(codeTooManyLegs, "A %s order must have exactly one leg.", s.OrderType)
	case !allOptions && n > 1:
		add(codeTooManyLegs, "Equity, future and cryptocurrency orders must have exactly one leg.")
	case n > maxOptionLegs:
		add(codeTooManyLegs, "An option order may have at most %d legs.", maxOptionLegs)
	}
	if strings.HasPrefix(s.TimeInForce, "Ext") || strings.HasPrefix(s.TimeInForce, "GTC Ext") {
		if n != 1 || s.Legs[0].Info.Type != typeEquity {
			add(codeExtEquityOnly, "Extended-hours time in force is for single-leg equity orders only.")
		}
	}
	return out
}

// quantityRules checks one leg's action and quantity.
func quantityRules(s orderSpec, l legSpec, in instrument) []errItem {
	var out []errItem
	add := func(code, format string, args ...any) { out = append(out, preflightErr(code, format, args...)) }
	notional := s.OrderType == "Notional Market"

	if (l.Action == "Buy" || l.Action == "Sell") && (l.Info.Type != typeFuture || len(s.Legs) != 1) {
		add(codeBuySellFutures, "Action %s is only for single-leg future orders.", l.Action)
	}
	switch {
	case notional && l.Quantity != nil:
		add(codeQuantityNotAllowed, "A Notional Market leg must not have a quantity.")
	case !notional && l.Quantity == nil:
		add(codeQuantityRequired, "Leg %s requires a quantity.", l.Info.Symbol)
	case l.Quantity != nil && !l.Quantity.IsInteger() && l.Info.Type != typeCrypto:
		add(codeFractional, "Leg %s: only cryptocurrency quantities may be fractional.", l.Info.Symbol)
	}
	if notional && l.Info.Type != typeEquity && l.Info.Type != typeCrypto {
		add(codeNotionalType, "Notional Market orders are for equities and cryptocurrencies only.")
	}
	if notional && l.Info.Type == typeEquity && !in.Fractional {
		add(codeNotionalFractional, "%s is not eligible for fractional quantity orders.", l.Info.Symbol)
	}
	return out
}

// effectRules checks the direction of money against a single leg's
// action: a buy pays (Debit), a sell receives (Credit). Multi-leg orders
// may go either way.
func effectRules(s orderSpec) []errItem {
	if len(s.Legs) != 1 {
		return nil
	}
	effect := s.PriceEffect
	if effect == "" {
		effect = s.ValueEffect
	}
	buy := isBuy(s.Legs[0].Action)
	switch {
	case buy && effect == "Credit":
		return []errItem{preflightErr(codeBuyForCredit, "You cannot buy for a credit.")}
	case !buy && effect == "Debit":
		return []errItem{preflightErr(codeSellForDebit, "You cannot sell for a debit.")}
	}
	return nil
}

// tickRules checks the price and stop trigger against the instrument's
// tick schedule at that price: tick-sizes for a single leg, the
// underlying's spread schedule for a multi-leg option order.
func tickRules(s orderSpec, inst []instrument) []errItem {
	if len(inst) == 0 {
		return nil
	}
	schedule := inst[0].Ticks
	if len(inst) > 1 && len(inst[0].SpreadTicks) > 0 {
		schedule = inst[0].SpreadTicks
	}

	var out []errItem
	for _, p := range []struct {
		name  string
		value *decimal.Decimal
	}{{"Price", s.Price}, {"Stop trigger", s.StopTrigger}} {
		if p.value == nil || p.value.IsZero() || onTick(schedule, *p.value) {
			continue
		}
		out = append(out, preflightErr(codePriceIncrement,
			"%s %s is not a valid increment for %s: the tick at this price is %s.",
			p.name, p.value.String(), inst[0].Symbol, tickAt(schedule, *p.value).String()))
	}
	return out
}

// positionEffects checks closing legs against the account's positions,
// plus what pending will add to them. A leg that has too little to close
// is refused under strict-position-effect-validation and otherwise
// turned into the opening action, as the API does silently.
func (c *call) positionEffects(a account, ck *checked, pending map[string]decimal.Decimal) error {
	for i, l := range ck.spec.Legs {
		if !isClosing(l.Action) {
			continue
		}
		held, err := c.s.position(a.Number, l.Info.Symbol)
		if err != nil {
			return err
		}
		held = held.Add(pending[l.Info.Symbol])
		if closable(l, held) {
			continue
		}

		opening := strings.Replace(l.Action, "to Close", "to Open", 1)
		if ck.spec.Advanced.strict() {
			ck.fail(preflightErr(codePositionEffect,
				"%s %s: the account holds %s, too little to close; the order would %s.",
				l.Action, l.Info.Symbol, held.String(), strings.ToLower(opening)))
			continue
		}
		ck.spec.Legs[i].Requested = l.Action
		ck.spec.Legs[i].Action = opening
	}
	return nil
}

// closable reports whether a closing leg has enough position: a Sell to
// Close needs a long position, a Buy to Close a short one.
func closable(l legSpec, held decimal.Decimal) bool {
	side := held
	if isBuy(l.Action) {
		side = held.Neg()
	}
	if side.Sign() <= 0 {
		return false
	}
	return l.Quantity == nil || side.GreaterThanOrEqual(*l.Quantity)
}
