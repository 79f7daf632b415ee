package tastytrade

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// wireOrderRequest is the body of a new order, a dry run or a replace.
// Prices are magnitudes in strings with their effect alongside (C10).
type wireOrderRequest struct {
	TimeInForce string `json:"time-in-force"`
	GTCDate     string `json:"gtc-date,omitempty"`
	OrderType   string `json:"order-type"`
	Price       string `json:"price,omitempty"`
	PriceEffect string `json:"price-effect,omitempty"`
	StopTrigger string `json:"stop-trigger,omitempty"`
	Value       string `json:"value,omitempty"`
	ValueEffect string `json:"value-effect,omitempty"`

	Legs []wireLegRequest `json:"legs,omitempty"`

	Source               string                `json:"source,omitempty"`
	ExternalIdentifier   string                `json:"external-identifier,omitempty"`
	AdvancedInstructions *advancedInstructions `json:"advanced-instructions,omitempty"`
}

// wireLegRequest is one leg of a new order. The quantity is a JSON
// number, as in every documented example, written from the exact decimal.
type wireLegRequest struct {
	InstrumentType string      `json:"instrument-type"`
	Symbol         string      `json:"symbol"`
	Quantity       json.Number `json:"quantity,omitempty"`
	Action         string      `json:"action"`
}

type advancedInstructions struct {
	StrictPositionEffect wireBool `json:"strict-position-effect-validation"`
}

// orderBody builds the request body for spec. withLegs is false for a
// replace, whose legs cannot change.
func orderBody(spec provider.OrderSpec, withLegs bool) (wireOrderRequest, error) {
	b := wireOrderRequest{
		TimeInForce:        string(spec.TimeInForce),
		GTCDate:            spec.GTCDate,
		OrderType:          string(spec.OrderType),
		Source:             spec.Source,
		ExternalIdentifier: spec.ExternalIdentifier,
	}

	var err error
	if b.Price, b.PriceEffect, err = amount("price", spec.Price, spec.PriceEffect); err != nil {
		return b, err
	}
	if b.Value, b.ValueEffect, err = amount("value", spec.Value, spec.ValueEffect); err != nil {
		return b, err
	}
	if b.StopTrigger, err = magnitude("stop-trigger", spec.StopTrigger); err != nil {
		return b, err
	}
	if !withLegs {
		return b, nil
	}

	if spec.StrictPositionEffect {
		b.AdvancedInstructions = &advancedInstructions{StrictPositionEffect: true}
	}
	for i, l := range spec.Legs {
		q, err := magnitude("quantity", l.Quantity)
		if err != nil {
			return b, fmt.Errorf("leg %d: %w", i+1, err)
		}
		b.Legs = append(b.Legs, wireLegRequest{
			InstrumentType: string(l.InstrumentType),
			Symbol:         provider.CanonicalSymbol(l.InstrumentType, l.Symbol),
			Quantity:       json.Number(q),
			Action:         string(l.Action),
		})
	}
	return b, nil
}

// amount renders a price or value with its effect, which must be Debit
// or Credit whenever the amount is set.
func amount(field string, v decimal.NullDecimal, effect provider.Effect) (string, string, error) {
	s, err := magnitude(field, v)
	if err != nil || s == "" {
		return "", "", err
	}
	if effect != provider.Debit && effect != provider.Credit {
		return "", "", fmt.Errorf("%s %s: effect %q: want Debit or Credit", field, s, effect)
	}
	return s, string(effect), nil
}

// magnitude renders an exact, non-negative decimal; "" when absent.
func magnitude(field string, v decimal.NullDecimal) (string, error) {
	if !v.Valid {
		return "", nil
	}
	if v.Decimal.IsNegative() {
		return "", fmt.Errorf("%s %s: must not be negative", field, v.Decimal)
	}
	return v.Decimal.String(), nil
}

// wireOrder is an order as the API reports it. Only the fields ttplan
// reads are listed; the rest are ignored.
type wireOrder struct {
	ID            wireInt `json:"id"`
	AccountNumber string  `json:"account-number"`
	Status        string  `json:"status"`

	TimeInForce string      `json:"time-in-force"`
	GTCDate     string      `json:"gtc-date"`
	OrderType   string      `json:"order-type"`
	Price       wireDecimal `json:"price"`
	PriceEffect string      `json:"price-effect"`
	StopTrigger wireDecimal `json:"stop-trigger"`
	Value       wireDecimal `json:"value"`
	ValueEffect string      `json:"value-effect"`

	Cancellable      wireBool `json:"cancellable"`
	Editable         wireBool `json:"editable"`
	ReplacesOrderID  wireInt  `json:"replaces-order-id"`
	ReplacingOrderID wireInt  `json:"replacing-order-id"`
	ComplexOrderID   wireInt  `json:"complex-order-id"`
	ComplexOrderTag  string   `json:"complex-order-tag"`
	RejectReason     string   `json:"reject-reason"`
	ReceivedAt       wireTime `json:"received-at"`
	TerminalAt       wireTime `json:"terminal-at"`

	Source               string                `json:"source"`
	ExternalIdentifier   string                `json:"external-identifier"`
	AdvancedInstructions *advancedInstructions `json:"advanced-instructions"`

	Legs []wireLeg `json:"legs"`
}

type wireLeg struct {
	InstrumentType    string      `json:"instrument-type"`
	Symbol            string      `json:"symbol"`
	Action            string      `json:"action"`
	Quantity          wireDecimal `json:"quantity"`
	RemainingQuantity wireDecimal `json:"remaining-quantity"`
	Fills             []wireFill  `json:"fills"`
}

type wireFill struct {
	FillID    wireString  `json:"fill-id"`
	Quantity  wireDecimal `json:"quantity"`
	FillPrice wireDecimal `json:"fill-price"`
	FilledAt  wireTime    `json:"filled-at"`
}

// decodeOrder reads one order. A field the diff needs that is missing
// is an error naming the order and the field (C19).
func decodeOrder(raw json.RawMessage) (provider.Order, error) {
	var w wireOrder
	if err := json.Unmarshal(raw, &w); err != nil {
		var id struct {
			ID wireInt `json:"id"`
		}
		_ = json.Unmarshal(raw, &id)
		return provider.Order{}, fmt.Errorf("%s: %w", orderRef(id.ID), err)
	}
	return w.toProvider()
}

// orderRef names an order in an error, even one without an id.
func orderRef(id wireInt) string {
	if id == 0 {
		return "order without id"
	}
	return fmt.Sprintf("order %d", id)
}

func (w wireOrder) toProvider() (provider.Order, error) {
	if field := w.missing(); field != "" {
		return provider.Order{}, fmt.Errorf("%s: missing %s", orderRef(w.ID), field)
	}

	o := provider.Order{
		ID:               int64(w.ID),
		AccountNumber:    w.AccountNumber,
		Status:           provider.OrderStatus(w.Status),
		Cancellable:      bool(w.Cancellable),
		Editable:         bool(w.Editable),
		ReplacesOrderID:  int64(w.ReplacesOrderID),
		ReplacingOrderID: int64(w.ReplacingOrderID),
		ComplexOrderID:   int64(w.ComplexOrderID),
		ComplexOrderTag:  w.ComplexOrderTag,
		RejectReason:     w.RejectReason,
		ReceivedAt:       w.ReceivedAt.time(),
		TerminalAt:       w.TerminalAt.time(),
		OrderSpec:        w.spec(),
	}
	for _, l := range w.Legs {
		o.Legs = append(o.Legs, l.toProvider())
	}
	return o, nil
}

// missing names the first required field the order lacks, or "".
func (w wireOrder) missing() string {
	switch {
	case w.ID == 0:
		return "id"
	case w.Status == "":
		return "status"
	case w.OrderType == "":
		return "order-type"
	case w.TimeInForce == "":
		return "time-in-force"
	case len(w.Legs) == 0:
		return "legs"
	}
	for i, l := range w.Legs {
		switch {
		case l.Symbol == "":
			return fmt.Sprintf("legs[%d].symbol", i)
		case l.Action == "":
			return fmt.Sprintf("legs[%d].action", i)
		case l.InstrumentType == "":
			return fmt.Sprintf("legs[%d].instrument-type", i)
		}
	}
	return ""
}

// spec returns the order's requestable fields, enumerations normalised.
func (w wireOrder) spec() provider.OrderSpec {
	s := provider.OrderSpec{
		OrderType:          parseOr(w.OrderType, provider.ParseOrderType),
		TimeInForce:        parseOr(w.TimeInForce, provider.ParseTimeInForce),
		GTCDate:            datePrefix(w.GTCDate),
		Price:              w.Price.null(),
		PriceEffect:        parseEffect(w.PriceEffect),
		StopTrigger:        w.StopTrigger.null(),
		Value:              w.Value.null(),
		ValueEffect:        parseEffect(w.ValueEffect),
		ExternalIdentifier: w.ExternalIdentifier,
		Source:             w.Source,
	}
	if w.AdvancedInstructions != nil {
		s.StrictPositionEffect = bool(w.AdvancedInstructions.StrictPositionEffect)
	}
	return s
}

func (l wireLeg) toProvider() provider.Leg {
	t := parseOr(l.InstrumentType, provider.ParseInstrumentType)
	leg := provider.Leg{
		InstrumentType:    t,
		Symbol:            provider.CanonicalSymbol(t, l.Symbol),
		Action:            parseOr(l.Action, provider.ParseAction),
		Quantity:          l.Quantity.null(),
		RemainingQuantity: l.RemainingQuantity.null(),
	}
	for _, f := range l.Fills {
		leg.Fills = append(leg.Fills, provider.Fill{ID: string(f.FillID),
			Quantity: f.Quantity.Decimal, Price: f.FillPrice.Decimal, FilledAt: f.FilledAt.time()})
	}
	return leg
}

// parseEffect reads a price or value effect; None is valid in responses.
func parseEffect(s string) provider.Effect {
	if strings.EqualFold(strings.TrimSpace(s), string(provider.None)) {
		return provider.None
	}
	return parseOr(s, provider.ParseEffect)
}

// datePrefix keeps the YYYY-MM-DD start of a date that may carry a time
// or a zone ("2025-06-20 UTC", C18).
func datePrefix(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return s
}
