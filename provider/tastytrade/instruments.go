package tastytrade

import (
	"context"
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// instrumentPaths is the path word of GET /instruments/{kind}/{symbol}
// for each instrument type.
var instrumentPaths = map[provider.InstrumentType]string{
	provider.Equity:         "equities",
	provider.EquityOption:   "equity-options",
	provider.Future:         "futures",
	provider.FutureOption:   "future-options",
	provider.Cryptocurrency: "cryptocurrencies",
}

// wireInstrument is the part of an instrument ttplan reads. Each type
// names its multiplier differently: shares-per-contract on equity
// options, notional-multiplier on futures, multiplier on future options.
// Futures and cryptocurrencies may give one tick-size instead of a
// schedule.
type wireInstrument struct {
	Symbol          string      `json:"symbol"`
	TickSizes       []wireTick  `json:"tick-sizes"`
	OptionTickSizes []wireTick  `json:"option-tick-sizes"`
	SpreadTickSizes []wireTick  `json:"spread-tick-sizes"`
	TickSize        wireDecimal `json:"tick-size"`

	SharesPerContract  wireDecimal `json:"shares-per-contract"`
	NotionalMultiplier wireDecimal `json:"notional-multiplier"`
	Multiplier         wireDecimal `json:"multiplier"`
}

// wireTick is one step of a tick schedule.
type wireTick struct {
	Value     wireDecimal `json:"value"`
	Threshold wireDecimal `json:"threshold"`
}

// Instrument reads an instrument's tick sizes and multiplier from GET
// /instruments/{kind}/{symbol}. The symbol is one path segment, escaped
// on its own: "/ESZ6" travels as %2FESZ6, an OCC symbol's spaces as %20.
// Equities and cryptocurrencies without a multiplier get 1; an option or
// future without one is an error, since guessing would misstate what an
// order is worth.
func (c *Client) Instrument(ctx context.Context, typ provider.InstrumentType, symbol string) (provider.Instrument, error) {
	kind, ok := instrumentPaths[typ]
	if !ok {
		return provider.Instrument{}, fmt.Errorf("read instrument %s: unknown instrument type %q", symbol, typ)
	}
	symbol = provider.CanonicalSymbol(typ, symbol)

	env, err := c.do(ctx, get("instruments", kind, symbol))
	if err != nil {
		return provider.Instrument{}, err
	}
	var w wireInstrument
	if err := env.decode(&w); err != nil {
		return provider.Instrument{}, fmt.Errorf("decode instrument %s: %w", symbol, err)
	}
	in, err := w.toProvider(typ, symbol)
	if err != nil {
		return provider.Instrument{}, fmt.Errorf("instrument %s: %w", symbol, err)
	}
	return in, nil
}

func (w wireInstrument) toProvider(typ provider.InstrumentType, symbol string) (provider.Instrument, error) {
	in := provider.Instrument{Type: typ, Symbol: symbol}
	if w.Symbol != "" {
		in.Symbol = provider.CanonicalSymbol(typ, w.Symbol)
	}

	var err error
	if in.Multiplier, err = w.multiplier(typ); err != nil {
		return in, err
	}
	if in.TickSizes, err = schedule("tick-sizes", w.TickSizes); err != nil {
		return in, err
	}
	if len(in.TickSizes) == 0 && w.TickSize.Valid && w.TickSize.Decimal.IsPositive() {
		in.TickSizes = []provider.TickSize{{Value: w.TickSize.Decimal}}
	}
	if in.OptionTickSizes, err = schedule("option-tick-sizes", w.OptionTickSizes); err != nil {
		return in, err
	}
	in.SpreadTickSizes, err = schedule("spread-tick-sizes", w.SpreadTickSizes)
	return in, err
}

// multiplier picks the field the type names its multiplier by, then the
// others.
func (w wireInstrument) multiplier(typ provider.InstrumentType) (decimal.Decimal, error) {
	candidates := []wireDecimal{w.Multiplier, w.SharesPerContract, w.NotionalMultiplier}
	switch typ {
	case provider.EquityOption:
		candidates = []wireDecimal{w.SharesPerContract, w.Multiplier, w.NotionalMultiplier}
	case provider.Future:
		candidates = []wireDecimal{w.NotionalMultiplier, w.Multiplier}
	}
	for _, m := range candidates {
		if m.Valid && m.Decimal.IsPositive() {
			return m.Decimal, nil
		}
	}

	if typ == provider.Equity || typ == provider.Cryptocurrency {
		return decimal.NewFromInt(1), nil
	}
	return decimal.Decimal{}, fmt.Errorf("no multiplier (shares-per-contract, notional-multiplier or multiplier)")
}

// schedule reads a tick schedule; every step needs a positive value.
func schedule(field string, ticks []wireTick) ([]provider.TickSize, error) {
	var out []provider.TickSize
	for i, t := range ticks {
		if !t.Value.Valid || !t.Value.Decimal.IsPositive() {
			return nil, fmt.Errorf("%s[%d]: missing or non-positive value", field, i)
		}
		out = append(out, provider.TickSize{Value: t.Value.Decimal, Threshold: t.Threshold.null()})
	}
	return out, nil
}
