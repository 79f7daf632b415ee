package emulator

import (
	"encoding/json"

	"github.com/shopspring/decimal"
)

// view selects how an order is shown: as stored, or in the transient
// status the request that changed it reports.
type view int

const (
	viewStored          view = iota
	viewPlaced               // POST response: Routed
	viewDryRun               // dry-run: no id, Received, updated-at 0
	viewCancelRequested      // DELETE response
	viewReplacement          // PUT/PATCH response: Contingent on the old order
)

// orderWire is the order object on the wire. Absent fields are omitted
// rather than null.
type orderWire struct {
	ID                   *int64       `json:"id,omitempty"`
	AccountNumber        string       `json:"account-number"`
	TimeInForce          string       `json:"time-in-force"`
	GTCDate              string       `json:"gtc-date,omitempty"`
	OrderType            string       `json:"order-type"`
	Size                 *json.Number `json:"size,omitempty"`
	UnderlyingSymbol     string       `json:"underlying-symbol"`
	UnderlyingType       string       `json:"underlying-instrument-type"`
	Price                string       `json:"price,omitempty"`
	PriceEffect          string       `json:"price-effect,omitempty"`
	Value                string       `json:"value,omitempty"`
	ValueEffect          string       `json:"value-effect,omitempty"`
	StopTrigger          string       `json:"stop-trigger,omitempty"`
	Status               string       `json:"status"`
	ContingentStatus     string       `json:"contingent-status,omitempty"`
	Cancellable          bool         `json:"cancellable"`
	Editable             bool         `json:"editable"`
	Edited               bool         `json:"edited"`
	ReceivedAt           string       `json:"received-at,omitempty"`
	UpdatedAt            int64        `json:"updated-at"`
	LiveAt               string       `json:"live-at,omitempty"`
	TerminalAt           string       `json:"terminal-at,omitempty"`
	CancelledAt          string       `json:"cancelled-at,omitempty"`
	RejectReason         string       `json:"reject-reason,omitempty"`
	ReplacesOrderID      *int64       `json:"replaces-order-id,omitempty"`
	ReplacingOrderID     *int64       `json:"replacing-order-id,omitempty"`
	ComplexOrderID       *int64       `json:"complex-order-id,omitempty"`
	ComplexOrderTag      string       `json:"complex-order-tag,omitempty"`
	PreflightID          *int         `json:"preflight-id,omitempty"`
	Source               *string      `json:"source,omitempty"`
	ExternalIdentifier   *string      `json:"external-identifier,omitempty"`
	AdvancedInstructions *advanced    `json:"advanced-instructions,omitempty"`
	Legs                 []legWire    `json:"legs"`
}

type legWire struct {
	InstrumentType    string       `json:"instrument-type"`
	Symbol            string       `json:"symbol"`
	Quantity          *json.Number `json:"quantity,omitempty"`
	RemainingQuantity *json.Number `json:"remaining-quantity,omitempty"`
	Action            string       `json:"action"`
	Fills             []fillWire   `json:"fills"`
}

type fillWire struct {
	FillID           string `json:"fill-id"`
	Quantity         string `json:"quantity"`
	FillPrice        string `json:"fill-price"`
	FilledAt         string `json:"filled-at"`
	DestinationVenue string `json:"destination-venue"`
}

// wire renders the order as v shows it.
func (o *order) wire(v view) orderWire {
	w := orderWire{
		AccountNumber: o.Account, TimeInForce: o.TimeInForce, GTCDate: o.GTCDate,
		OrderType: o.OrderType, Size: o.size(),
		Price: optDec(o.Price), PriceEffect: o.PriceEffect,
		Value: optDec(o.Value), ValueEffect: o.ValueEffect, StopTrigger: optDec(o.StopTrigger),
		Status: o.Status, Edited: o.Edited,
		ReceivedAt: optTime(o.ReceivedAt), UpdatedAt: epochMillis(o.UpdatedAt),
		LiveAt: optTime(o.LiveAt), TerminalAt: optTime(o.TerminalAt), CancelledAt: optTime(o.CancelledAt),
		ReplacesOrderID: optID(o.ReplacesID), ReplacingOrderID: optID(o.ReplacingID),
		ComplexOrderID: optID(o.ComplexID), ComplexOrderTag: o.ComplexTag, PreflightID: o.PreflightID,
		Source: o.Source, ExternalIdentifier: o.ExternalID, AdvancedInstructions: o.Advanced,
	}
	if len(o.Legs) > 0 {
		w.UnderlyingSymbol = underlyingOf(o.Legs[0].InstrumentType, o.Legs[0].Symbol)
		w.UnderlyingType = underlyingTypeOf(o.Legs[0].InstrumentType)
	}
	for _, l := range o.Legs {
		w.Legs = append(w.Legs, l.wire())
	}
	if o.Status == statusContingent {
		w.ContingentStatus = "Pending Order"
	}
	w.Cancellable, w.Editable = o.cancellable(), o.editable()
	if o.ID != 0 {
		id := o.ID
		w.ID = &id
	}
	applyView(&w, v)
	return w
}

// cancellable reports whether DELETE /orders/{id} would cancel the
// order: a working order that is not a component of a complex order,
// which is cancelled as a whole.
func (o *order) cancellable() bool {
	return o.working() && !o.component()
}

// editable reports whether the order can be replaced: it is working and
// not waiting on a trigger.
func (o *order) editable() bool {
	return o.working() && o.Status != statusContingent
}

// applyView turns the settled order into what the changing request
// reports. Only a Live order passes through Routed or a replacement's
// Contingent on its way; Received and Contingent orders are shown as
// stored.
func applyView(w *orderWire, v view) {
	if (v == viewPlaced || v == viewReplacement) && w.Status != statusLive {
		return
	}
	switch v {
	case viewPlaced:
		w.Status, w.LiveAt = statusRouted, ""
	case viewDryRun:
		w.ID, w.Status, w.ContingentStatus, w.UpdatedAt = nil, statusReceived, "", 0
		w.ReceivedAt, w.LiveAt = "", ""
		w.Cancellable, w.Editable = false, false
	case viewCancelRequested:
		w.Status, w.TerminalAt, w.CancelledAt = statusCancelRequested, "", ""
		w.Cancellable, w.Editable = false, false
	case viewReplacement:
		w.Status, w.ContingentStatus, w.LiveAt = statusContingent, "Pending Order", ""
	}
}

func (l leg) wire() legWire {
	w := legWire{InstrumentType: l.InstrumentType, Symbol: l.Symbol, Action: l.Action, Fills: []fillWire{}}
	if l.Quantity != nil {
		q := decNumber(*l.Quantity)
		w.Quantity = &q
	}
	if l.Remaining != nil {
		r := decNumber(*l.Remaining)
		w.RemainingQuantity = &r
	}
	for _, f := range l.Fills {
		w.Fills = append(w.Fills, fillWire{
			FillID: f.ID, Quantity: f.Quantity.String(), FillPrice: decString(f.Price),
			FilledAt: isoTime(f.FilledAt), DestinationVenue: f.Venue,
		})
	}
	return w
}

// size is the order's quantity in units of the whole order: the greatest
// common divisor of whole leg quantities, or the one leg's quantity.
func (o *order) size() *json.Number {
	var g int64
	for _, l := range o.Legs {
		if l.Quantity == nil {
			return nil
		}
		if !l.Quantity.IsInteger() || len(o.Legs) == 1 {
			n := decNumber(*l.Quantity)
			return &n
		}
		g = gcd(g, l.Quantity.IntPart())
	}
	n := decNumber(decimal.NewFromInt(g))
	return &n
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func optID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}
