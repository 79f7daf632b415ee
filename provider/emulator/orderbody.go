package emulator

import (
	"slices"
	"time"

	"github.com/shopspring/decimal"
)

// Enumerations of the order body, in the API's exact words. Matching is
// case-sensitive: "stop limit" is not "Stop Limit".
var (
	timesInForce = []string{"Day", "GTC", "GTD", "Ext", "Ext Overnight", "GTC Ext", "GTC Ext Overnight", "IOC"}
	orderTypes   = []string{"Limit", "Market", "Marketable Limit", "Stop", "Stop Limit", "Notional Market"}
	legActions   = []string{"Buy to Open", "Buy to Close", "Sell to Open", "Sell to Close", "Buy", "Sell"}
	effects      = []string{"Credit", "Debit"}
)

// orderBody is a new, replacement or dry-run order as sent.
type orderBody struct {
	TimeInForce *string   `json:"time-in-force"`
	GTCDate     *string   `json:"gtc-date"`
	OrderType   *string   `json:"order-type"`
	Price       flexDec   `json:"price"`
	PriceEffect *string   `json:"price-effect"`
	Value       flexDec   `json:"value"`
	ValueEffect *string   `json:"value-effect"`
	StopTrigger flexDec   `json:"stop-trigger"`
	Source      *string   `json:"source"`
	ExternalID  *string   `json:"external-identifier"`
	Advanced    *advanced `json:"advanced-instructions"`
	Legs        *[]struct {
		InstrumentType *string `json:"instrument-type"`
		Symbol         *string `json:"symbol"`
		Quantity       flexDec `json:"quantity"`
		Action         *string `json:"action"`
	} `json:"legs"`
}

// orderSpec is an order body whose fields have the right shapes.
type orderSpec struct {
	TimeInForce string
	GTCDate     string
	OrderType   string
	Price       *decimal.Decimal
	PriceEffect string
	Value       *decimal.Decimal
	ValueEffect string
	StopTrigger *decimal.Decimal
	Source      *string
	ExternalID  *string
	Advanced    *advanced
	Legs        []legSpec // nil when the body had none
}

// legSpec is one well-formed leg.
type legSpec struct {
	Info      symbolInfo
	Action    string
	Quantity  *decimal.Decimal
	Requested string // the client's action when a conversion changed it
}

// requested is the action the client asked for.
func (l legSpec) requested() string {
	if l.Requested != "" {
		return l.Requested
	}
	return l.Action
}

// shapeErrs collects request validation errors.
type shapeErrs []errItem

func (e *shapeErrs) add(domain, reason string) {
	*e = append(*e, errItem{Domain: domain, Reason: reason})
}

// enum checks a required or optional enumerated field.
func (e *shapeErrs) enum(domain string, v *string, words []string, required bool) string {
	switch {
	case v == nil && required:
		e.add(domain, reasonMissing)
	case v != nil && !slices.Contains(words, *v):
		e.add(domain, reasonInvalid)
	case v != nil:
		return *v
	}
	return ""
}

// amount checks a decimal that must not be negative (or zero, when
// positive is set).
func (e *shapeErrs) amount(domain string, f flexDec, positive bool) *decimal.Decimal {
	if !f.set {
		return nil
	}
	if !f.ok || f.d.Sign() < 0 || (positive && f.d.Sign() == 0) {
		e.add(domain, reasonInvalid)
		return nil
	}
	return f.ptr()
}

// parseOrder decodes an order body and checks every field's shape,
// reporting all problems at once as a 400 validation_error. Legs are
// required unless legsOptional is set (replacements).
func parseOrder(body []byte, legsOptional bool) (orderSpec, reply, bool) {
	var b orderBody
	if rep, ok := decodeBody(body, &b); !ok {
		return orderSpec{}, rep, false
	}

	var errs shapeErrs
	spec := checkOrderBody(&errs, b, legsOptional)
	if len(errs) > 0 {
		return orderSpec{}, invalid(errs...), false
	}
	return spec, reply{}, true
}

// checkOrderBody checks the shape of a decoded order body, adding every
// problem to errs.
func checkOrderBody(errs *shapeErrs, b orderBody, legsOptional bool) orderSpec {
	spec := orderSpec{
		TimeInForce: errs.enum("time-in-force", b.TimeInForce, timesInForce, true),
		OrderType:   errs.enum("order-type", b.OrderType, orderTypes, true),
		PriceEffect: errs.enum("price-effect", b.PriceEffect, effects, false),
		ValueEffect: errs.enum("value-effect", b.ValueEffect, effects, false),
		Price:       errs.amount("price", b.Price, false),
		Value:       errs.amount("value", b.Value, false),
		StopTrigger: errs.amount("stop-trigger", b.StopTrigger, true),
		Source:      b.Source, ExternalID: b.ExternalID, Advanced: b.Advanced,
	}
	if b.GTCDate != nil {
		if _, err := time.Parse(time.DateOnly, *b.GTCDate); err != nil {
			errs.add("gtc-date", reasonInvalid)
		}
		spec.GTCDate = *b.GTCDate
	}
	spec.Legs = parseLegs(errs, b, legsOptional)
	return spec
}

func parseLegs(errs *shapeErrs, b orderBody, optional bool) []legSpec {
	if b.Legs == nil || len(*b.Legs) == 0 {
		if !optional || b.Legs != nil {
			errs.add("legs", reasonMissing)
		}
		return nil
	}

	legs := []legSpec{}
	for _, l := range *b.Legs {
		instType := errs.enum("instrument-type", l.InstrumentType, orderInstrumentTypes, true)
		action := errs.enum("action", l.Action, legActions, true)
		qty := errs.amount("quantity", l.Quantity, true)
		if qty != nil && instType == typeCrypto && !withinPlaces(*qty, cryptoPlaces) {
			errs.add("quantity", reasonInvalid)
		}

		if l.Symbol == nil || *l.Symbol == "" {
			errs.add("symbol", reasonMissing)
			continue
		}
		info, ok := parseSymbol(instType, *l.Symbol)
		if instType != "" && !ok {
			errs.add("symbol", reasonInvalid)
		}
		legs = append(legs, legSpec{Info: info, Action: action, Quantity: qty})
	}
	return legs
}
