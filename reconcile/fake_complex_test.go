package reconcile

import (
	"context"
	"errors"

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

func (f *fakeBroker) Instrument(_ context.Context, typ provider.InstrumentType, symbol string) (provider.Instrument, error) {
	return provider.Instrument{Type: typ, Symbol: symbol}, nil
}
