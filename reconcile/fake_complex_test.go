package reconcile

import (
	"context"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// PlaceComplexOrder stores the components as orders of one complex
// order: an OCO's go live at once, the others wait for their trigger.
func (f *fakeBroker) PlaceComplexOrder(_ context.Context, account string, spec provider.ComplexSpec) (provider.ComplexOrder, error) {
	f.placed++
	id := 9000 + f.nextID
	co := provider.ComplexOrder{ID: id, AccountNumber: account, Type: spec.Type}
	if spec.Trigger != nil {
		t := f.add(account, *spec.Trigger)
		t.ComplexOrderID, t.ComplexOrderTag = id, string(spec.Type)+"::trigger-order"
		c := clone(t)
		co.Trigger = &c
	}
	for _, s := range spec.Orders {
		o := f.add(account, s)
		o.ComplexOrderID, o.ComplexOrderTag = id, string(spec.Type)+"::order"
		if spec.Trigger != nil {
			o.Status, o.Editable = provider.StatusContingent, false
		}
		co.Orders = append(co.Orders, clone(o))
	}
	return co, nil
}

func (f *fakeBroker) DryRunComplexOrder(_ context.Context, _ string, _ provider.ComplexSpec) (provider.DryRunResult, error) {
	return f.dryRunResult, nil
}

// CancelComplexOrder asks to cancel every working component.
func (f *fakeBroker) CancelComplexOrder(_ context.Context, _ string, id int64) (provider.ComplexOrder, error) {
	co := provider.ComplexOrder{ID: id}
	for _, o := range f.orders {
		if o.ComplexOrderID == id && o.Status.Working() {
			o.Status = provider.StatusCancelRequested
			co.Orders = append(co.Orders, clone(o))
		}
	}
	if len(co.Orders) == 0 {
		return co, &provider.APIError{Status: 422, Code: "cannot_update_order"}
	}
	return co, nil
}

// Instrument gives every symbol a one-cent tick and a multiplier of one,
// except those set in f.instruments; "UNKNOWN" does not exist.
func (f *fakeBroker) Instrument(_ context.Context, typ provider.InstrumentType, symbol string) (provider.Instrument, error) {
	if in, ok := f.instruments[symbol]; ok {
		return in, nil
	}
	if symbol == "UNKNOWN" {
		return provider.Instrument{}, &provider.APIError{Status: 404, Code: "not_found"}
	}
	return provider.Instrument{Type: typ, Symbol: symbol, Multiplier: decimal.NewFromInt(1),
		TickSizes: []provider.TickSize{{Value: decimal.RequireFromString("0.01")}}}, nil
}

// triggerFilled fills a complex order's trigger and releases the rest.
func (f *fakeBroker) triggerFilled(id int64) {
	for _, o := range f.orders {
		if o.ComplexOrderID == id && o.Status == provider.StatusLive && strings.HasSuffix(o.ComplexOrderTag, "::trigger-order") {
			f.fill(o.ID, o.Legs[0].Quantity.Decimal.String())
		}
	}
	for _, o := range f.orders {
		if o.ComplexOrderID == id && o.Status == provider.StatusContingent {
			o.Status, o.Editable = provider.StatusLive, true
		}
	}
}

func (f *fakeBroker) DryRunReplace(ctx context.Context, account string, _ int64, spec provider.OrderSpec) (provider.DryRunResult, error) {
	return f.DryRun(ctx, account, spec)
}
