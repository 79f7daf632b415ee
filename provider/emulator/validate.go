package emulator

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Preflight codes. gtc_market_orders_not_supported, cant_buy_for_credit
// and margin_check_failed are the API's own; the others are named by the
// emulator because the API's codes for them are not known.
const (
	codePriceRequired       = "price_required"
	codePriceEffectRequired = "price_effect_required"
	codePriceNotAllowed     = "price_not_allowed"
	codeStopRequired        = "stop_trigger_required"
	codeStopNotAllowed      = "stop_trigger_not_allowed"
	codeGTCMarket           = "gtc_market_orders_not_supported"
	codeGTCOpeningStop      = "gtc_opening_stop_orders_not_supported"
	codeValueRequired       = "value_required"
	codeValueEffectRequired = "value_effect_required"
	codeValueNotAllowed     = "value_not_allowed"
	codePriceWithValue      = "price_with_value_not_allowed"
	codeGTCDateRequired     = "gtc_date_required"
	codeGTCDateNotAllowed   = "gtc_date_not_allowed"
	codeGTCDateInPast       = "gtc_date_in_past"
	codeTooManyLegs         = "too_many_legs"
	codeDuplicateLeg        = "duplicate_leg_symbol"
	codeExtEquityOnly       = "extended_hours_equity_only"
	codeBuySellFutures      = "buy_sell_single_future_only"
	codeFractional          = "fractional_quantity_not_allowed"
	codeQuantityRequired    = "quantity_required"
	codeQuantityNotAllowed  = "quantity_not_allowed"
	codeNotionalType        = "notional_instrument_not_supported"
	codeNotionalFractional  = "not_fractional_quantity_eligible"
	codeNotionalTooSmall    = "notional_value_too_small"
	codeBuyForCredit        = "cant_buy_for_credit"
	codeSellForDebit        = "cant_sell_for_debit"
	codePriceIncrement      = "invalid_price_increment"
	codePositionEffect      = "position_effect_mismatch"
	codeMargin              = "margin_check_failed"
)

// minNotional is the smallest value of a Notional Market order.
var minNotional = decimal.NewFromInt(5)

// checked is an order that went through preflight: its legs after any
// position-effect conversion, their instruments, its costs and every
// failed check.
type checked struct {
	spec    orderSpec
	inst    []instrument
	reserve decimal.Decimal // buying power the order holds while working
	current decimal.Decimal // buying power before the order, a replaced order's released
	freed   decimal.Decimal // what a replaced order held, released by the replacement
	fees    fees
	errs    []errItem
}

// preflightCtx is what a preflight knows beside the order itself.
type preflightCtx struct {
	// replaced is the order a replacement replaces; the buying power it
	// holds is released.
	replaced *order

	// pending is what a complex order's trigger will add to the
	// positions, by symbol, when the order being checked waits on it.
	pending map[string]decimal.Decimal

	// held is the buying power the complex order's components checked
	// before this one will hold.
	held decimal.Decimal
}

// preflight runs every check and reports all failures, as the API does.
func (c *call) preflight(a account, spec orderSpec, pf preflightCtx) (checked, error) {
	ck := checked{spec: spec}
	ck.spec.Legs = slices.Clone(spec.Legs)
	for _, l := range spec.Legs {
		in, err := c.instrument(l.Info)
		if err != nil {
			return ck, err
		}
		ck.inst = append(ck.inst, in)
	}

	if err := c.positionEffects(a, &ck, pf.pending); err != nil {
		return ck, err
	}
	ck.fail(pricingRules(ck.spec, c.now)...)
	ck.fail(legRules(ck.spec, ck.inst)...)
	ck.fail(effectRules(ck.spec)...)
	ck.fail(tickRules(ck.spec, ck.inst)...)
	return ck, c.marginCheck(a, &ck, pf)
}

func (ck *checked) fail(items ...errItem) {
	ck.errs = append(ck.errs, items...)
}

func preflightErr(code, format string, args ...any) errItem {
	return errItem{Code: code, Message: fmt.Sprintf(format, args...)}
}

// pricingRules checks the order type against price, stop trigger, value
// and time in force.
func pricingRules(s orderSpec, now time.Time) []errItem {
	var out []errItem
	add := func(code, format string, args ...any) { out = append(out, preflightErr(code, format, args...)) }
	limit := s.OrderType == "Limit" || s.OrderType == "Marketable Limit" || s.OrderType == "Stop Limit"
	stop := s.OrderType == "Stop" || s.OrderType == "Stop Limit"
	notional := s.OrderType == "Notional Market"

	if limit && s.Price == nil {
		add(codePriceRequired, "A %s order requires a price.", s.OrderType)
	}
	if limit && s.PriceEffect == "" {
		add(codePriceEffectRequired, "A %s order requires a price effect.", s.OrderType)
	}
	if !limit && s.Price != nil {
		add(codePriceNotAllowed, "A %s order must not include a price.", s.OrderType)
	}
	if (s.OrderType == "Market" || notional) && s.PriceEffect != "" {
		add(codePriceNotAllowed, "A %s order must not include a price effect.", s.OrderType)
	}
	if stop && s.StopTrigger == nil {
		add(codeStopRequired, "A %s order requires a stop trigger.", s.OrderType)
	}
	if !stop && s.StopTrigger != nil {
		add(codeStopNotAllowed, "A %s order must not include a stop trigger.", s.OrderType)
	}
	if (s.OrderType == "Market" || notional) && standing(s.TimeInForce) {
		add(codeGTCMarket, "GTC/GTD Market orders are not supported.")
	}
	if s.OrderType == "Stop" && strings.HasPrefix(s.TimeInForce, "GTC") && opening(s) {
		add(codeGTCOpeningStop, "Opening stop orders must not be GTC.")
	}
	out = append(out, valueRules(s)...)
	return append(out, dateRules(s, now)...)
}

func valueRules(s orderSpec) []errItem {
	var out []errItem
	notional := s.OrderType == "Notional Market"
	if notional && s.Value == nil {
		out = append(out, preflightErr(codeValueRequired, "A Notional Market order requires a value."))
	}
	if notional && s.ValueEffect == "" {
		out = append(out, preflightErr(codeValueEffectRequired, "A Notional Market order requires a value effect."))
	}
	if notional && s.Value != nil && s.Value.LessThan(minNotional) {
		out = append(out, preflightErr(codeNotionalTooSmall, "A Notional Market order needs a value of at least 5.0."))
	}
	if !notional && (s.Value != nil || s.ValueEffect != "") {
		out = append(out, preflightErr(codeValueNotAllowed, "Only Notional Market orders take a value."))
	}
	if s.Price != nil && s.Value != nil {
		out = append(out, preflightErr(codePriceWithValue, "An order must not have both a price and a value."))
	}
	return out
}

// dateRules checks gtc-date against the time in force. A GTD order
// whose close (16:00 New York on its date) is not after now is refused:
// it would expire the moment it was accepted.
func dateRules(s orderSpec, now time.Time) []errItem {
	switch {
	case s.TimeInForce == "GTD" && s.GTCDate == "":
		return []errItem{preflightErr(codeGTCDateRequired, "A GTD order requires a gtc-date.")}
	case s.TimeInForce != "GTD" && s.GTCDate != "":
		return []errItem{preflightErr(codeGTCDateNotAllowed, "Only GTD orders take a gtc-date.")}
	case s.TimeInForce != "GTD":
		return nil
	}
	if end, ok := gtdClose(s.GTCDate); ok && !now.Before(end) {
		return []errItem{preflightErr(codeGTCDateInPast,
			"gtc-date %s is in the past: its close at 16:00 New York has passed (it is now %s there).",
			s.GTCDate, now.In(newYork).Format("2006-01-02 15:04"))}
	}
	return nil
}

// standing reports whether the time in force outlives the day.
func standing(tif string) bool {
	return tif == "GTD" || strings.HasPrefix(tif, "GTC")
}

// opening reports whether any leg opens a position.
func opening(s orderSpec) bool {
	for _, l := range s.Legs {
		if !isClosing(l.Action) {
			return true
		}
	}
	return false
}

func isClosing(action string) bool {
	return strings.HasSuffix(action, "to Close")
}

func isBuy(action string) bool {
	return strings.HasPrefix(action, "Buy")
}
