package emulator

import (
	"net/http"
	"testing"
)

func TestInstrumentLookups(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		path   string
		symbol string
		typ    string
	}{
		{"equity", "/instruments/equities/AAPL", "AAPL", "Equity"},
		{"equity with slash", "/instruments/equities/BRK%2FB", "BRK/B", "Equity"},
		{"equity option", "/instruments/equity-options/AAPL%20%20230818C00197500", "AAPL  230818C00197500", "Equity Option"},
		{"future escaped", "/instruments/futures/%2FESZ6", "/ESZ6", "Future"},
		{"future bare", "/instruments/futures/ESZ6", "/ESZ6", "Future"},
		{"future two digit year", "/instruments/futures/%2FNGZ26", "/NGZ26", "Future"},
		{"future option", "/instruments/future-options/.%2FESZ6%20EW4Z6%20261218C5000", "./ESZ6 EW4Z6 261218C5000", "Future Option"},
		{"future option without space", "/instruments/future-options/.%2FMNQZ5D4AU5%20250922C24575",
			"./MNQZ5D4AU5 250922C24575", "Future Option"},
		{"crypto", "/instruments/cryptocurrencies/BTC%2FUSD", "BTC/USD", "Cryptocurrency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("GET", tt.path, nil).wantStatus(http.StatusOK)
			r.wantEqual("data.symbol", tt.symbol)
			r.wantEqual("data.instrument-type", tt.typ)
		})
	}
}

func TestInstrumentFields(t *testing.T) {
	v := newEnv(t)
	r := v.do("GET", "/instruments/equities/AAPL", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.tick-sizes", []any{
		map[string]any{"threshold": "1.0", "value": "0.0001"}, map[string]any{"value": "0.01"}})
	r.wantEqual("data.option-tick-sizes", []any{
		map[string]any{"threshold": "3.0", "value": "0.05"}, map[string]any{"value": "0.1"}})
	if _, ok := r.at("data.is-fractional-quantity-eligible").(bool); !ok {
		t.Errorf("is-fractional-quantity-eligible missing: %s", r.raw)
	}

	r = v.do("GET", "/instruments/equity-options/AAPL%20%20230818C00197500", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.underlying-symbol", "AAPL")
	r.wantEqual("data.strike-price", "197.5")
	r.wantEqual("data.option-type", "C")
	r.wantEqual("data.expiration-date", "2023-08-18")
	r.wantEqual("data.streamer-symbol", ".AAPL230818C197.5")

	r = v.do("GET", "/instruments/futures/ESZ6", nil).wantStatus(http.StatusOK)
	r.wantEqual("data.product-code", "ES")
	r.wantEqual("data.tick-size", "0.25")
	r.wantEqual("data.notional-multiplier", "50.0")
	r.wantEqual("data.expiration-date", "2026-12-18")
}

func TestMalformedSymbolsAreNotFound(t *testing.T) {
	v := newEnv(t)
	for _, p := range []string{
		"/instruments/equities/aapl",
		"/instruments/equities/BTC%2FUSD",
		"/instruments/equity-options/AAPL%20230818C00197500", // root not padded
		"/instruments/equity-options/AAPL%20%20231318C00197500",
		"/instruments/futures/%2FES",
		"/instruments/future-options/%2FESZ6",
		"/instruments/cryptocurrencies/BTC",
		"/instruments/bonds/X",
	} {
		t.Run(p, func(t *testing.T) {
			v := v.on(t)
			v.do("GET", p, nil).wantError(http.StatusNotFound, "record_not_found")
		})
	}
}

func TestInstrumentsAreDeterministic(t *testing.T) {
	a, b := newEnv(t), newEnv(t)
	for _, p := range []string{"/instruments/equities/ZZZQ", "/instruments/futures/%2FXYZH7"} {
		ra, rb := a.do("GET", p, nil), b.do("GET", p, nil)
		if string(ra.raw) != string(rb.raw) {
			t.Errorf("%s differs between stores:\n%s\n%s", p, ra.raw, rb.raw)
		}
	}
}

func TestInstrumentTicksAndMultipliers(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		path  string
		field string
		want  any
	}{
		{"/instruments/equities/AAPL", "spread-tick-sizes", []any{map[string]any{"value": "0.01"}}},
		{"/instruments/equity-options/AAPL%20%20261218C00200000", "shares-per-contract", float64(100)},
		{"/instruments/equity-options/AAPL%20%20261218C00200000", "tick-sizes", []any{
			map[string]any{"threshold": "3.0", "value": "0.05"}, map[string]any{"value": "0.1"}}},
		{"/instruments/futures/%2FESZ6", "notional-multiplier", "50.0"},
		{"/instruments/futures/%2FESZ6", "tick-sizes", []any{map[string]any{"value": "0.25"}}},
		{"/instruments/future-options/.%2FESZ6%20EW4Z6%20261218C5000", "multiplier", "50.0"},
		{"/instruments/cryptocurrencies/BTC%2FUSD", "tick-size", "0.01"},
	}
	for _, tt := range tests {
		t.Run(tt.path+" "+tt.field, func(t *testing.T) {
			v := v.on(t)
			v.do("GET", tt.path, nil).wantStatus(http.StatusOK).wantEqual("data."+tt.field, tt.want)
		})
	}
}
