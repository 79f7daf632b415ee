package tastytrade

import (
	"context"
	"errors"

	"github.com/ttplan/ttplan/provider"
)

var errNotYet = errors.New("not implemented yet")

// PlaceComplexOrder implements provider.Broker.
func (c *Client) PlaceComplexOrder(ctx context.Context, account string, spec provider.ComplexSpec) (provider.ComplexOrder, error) {
	return provider.ComplexOrder{}, errNotYet
}

// DryRunComplexOrder implements provider.Broker.
func (c *Client) DryRunComplexOrder(ctx context.Context, account string, spec provider.ComplexSpec) (provider.DryRunResult, error) {
	return provider.DryRunResult{}, errNotYet
}

// CancelComplexOrder implements provider.Broker.
func (c *Client) CancelComplexOrder(ctx context.Context, account string, id int64) (provider.ComplexOrder, error) {
	return provider.ComplexOrder{}, errNotYet
}

// Instrument implements provider.Broker.
func (c *Client) Instrument(ctx context.Context, typ provider.InstrumentType, symbol string) (provider.Instrument, error) {
	return provider.Instrument{}, errNotYet
}
