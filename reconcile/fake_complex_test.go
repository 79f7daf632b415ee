package reconcile

import (
	"context"
	"errors"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

func (f *fakeBroker) PlaceComplexOrder(_ context.Context, account string, spec provider.ComplexSpec) (provider.ComplexOrder, error) {
	return provider.ComplexOrder{}, errors.New("fake: complex orders not supported")
}

func (f *fakeBroker) DryRunComplexOrder(_ context.Context, _ string, _ provider.ComplexSpec) (provider.DryRunResult, error) {
	return provider.DryRunResult{}, nil
}

func (f *fakeBroker) CancelComplexOrder(_ context.Context, _ string, _ int64) (provider.ComplexOrder, error) {
	return provider.ComplexOrder{}, errors.New("fake: complex orders not supported")
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
