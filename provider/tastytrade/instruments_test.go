package tastytrade

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

func tick(threshold, value string) provider.TickSize {
	t := provider.TickSize{Value: decimal.RequireFromString(value)}
	if threshold != "" {
		t.Threshold = dec(threshold)
	}
	return t
}

func TestInstrument(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		typ    provider.InstrumentType
		symbol string
		path   string // escaped, as the API must receive it
		answer string
		want   provider.Instrument
	}{
		{
			name: "equity with three schedules", typ: provider.Equity, symbol: "aapl",
			path: "/instruments/equities/AAPL",
			answer: `{"symbol":"AAPL","instrument-type":"Equity",
			  "tick-sizes":[{"threshold":"1.0","value":"0.0001"},{"value":"0.01"}],
			  "option-tick-sizes":[{"threshold":"3.0","value":"0.05"},{"value":"0.1"}],
			  "spread-tick-sizes":[{"value":"0.01"}]}`,
			want: provider.Instrument{Type: provider.Equity, Symbol: "AAPL",
				Multiplier:      decimal.NewFromInt(1),
				TickSizes:       []provider.TickSize{tick("1", "0.0001"), tick("", "0.01")},
				OptionTickSizes: []provider.TickSize{tick("3", "0.05"), tick("", "0.1")},
				SpreadTickSizes: []provider.TickSize{tick("", "0.01")}},
		},
		{
			name: "equity with a slash", typ: provider.Equity, symbol: "BRK/B",
			path:   "/instruments/equities/BRK%2FB",
			answer: `{"symbol":"BRK/B"}`,
			want:   provider.Instrument{Type: provider.Equity, Symbol: "BRK/B", Multiplier: decimal.NewFromInt(1)},
		},
		{
			name: "equity option, unpadded symbol padded", typ: provider.EquityOption,
			symbol: "AAPL 261218C00200000", path: "/instruments/equity-options/AAPL%20%20261218C00200000",
			answer: `{"symbol":"AAPL  261218C00200000","shares-per-contract":100,
			  "tick-sizes":[{"threshold":"3.0","value":"0.05"},{"value":"0.1"}]}`,
			want: provider.Instrument{Type: provider.EquityOption, Symbol: "AAPL  261218C00200000",
				Multiplier: decimal.NewFromInt(100),
				TickSizes:  []provider.TickSize{tick("3", "0.05"), tick("", "0.1")}},
		},
		{
			name: "future, slash escaped", typ: provider.Future, symbol: "/ESZ6",
			path:   "/instruments/futures/%2FESZ6",
			answer: `{"symbol":"/ESZ6","tick-size":"0.25","notional-multiplier":"50.0"}`,
			want: provider.Instrument{Type: provider.Future, Symbol: "/ESZ6",
				Multiplier: decimal.NewFromInt(50), TickSizes: []provider.TickSize{tick("", "0.25")}},
		},
		{
			name: "future option", typ: provider.FutureOption, symbol: "./ESZ6 EW4Z6 261218C5000",
			path: "/instruments/future-options/.%2FESZ6%20EW4Z6%20261218C5000",
			answer: `{"symbol":"./ESZ6 EW4Z6 261218C5000","multiplier":"50.0",
			  "tick-sizes":[{"threshold":"5.0","value":"0.05"},{"value":"0.25"}]}`,
			want: provider.Instrument{Type: provider.FutureOption, Symbol: "./ESZ6 EW4Z6 261218C5000",
				Multiplier: decimal.NewFromInt(50),
				TickSizes:  []provider.TickSize{tick("5", "0.05"), tick("", "0.25")}},
		},
		{
			name: "cryptocurrency", typ: provider.Cryptocurrency, symbol: "BTC/USD",
			path:   "/instruments/cryptocurrencies/BTC%2FUSD",
			answer: `{"symbol":"BTC/USD","tick-size":"0.01"}`,
			want: provider.Instrument{Type: provider.Cryptocurrency, Symbol: "BTC/USD",
				Multiplier: decimal.NewFromInt(1), TickSizes: []provider.TickSize{tick("", "0.01")}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("GET "+tt.path, reply{status: 503}, ok(`{"data":`+tt.answer+`}`))
			c := newTestClient(t, f)

			got, err := c.Instrument(bg(), tt.typ, tt.symbol)
			if err != nil {
				t.Fatalf("Instrument: %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Instrument() mismatch (-want +got):\n%s", diff)
			}
			if n := f.count("GET " + tt.path); n != 2 {
				t.Errorf("GET %s sent %d times, want 2 (retried after the 503)", tt.path, n)
			}
		})
	}
}

func TestInstrument_errors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		typ     provider.InstrumentType
		symbol  string
		answer  reply
		wantErr string
	}{
		{"option without multiplier", provider.EquityOption, "AAPL  261218C00200000",
			ok(`{"data":{"symbol":"AAPL  261218C00200000"}}`), "no multiplier"},
		{"future without multiplier", provider.Future, "/ESZ6", ok(`{"data":{"tick-size":"0.25"}}`), "no multiplier"},
		{"tick without value", provider.Equity, "AAPL",
			ok(`{"data":{"tick-sizes":[{"threshold":"1.0"}]}}`), "tick-sizes[0]: missing"},
		{"unknown symbol", provider.Equity, "AAPL",
			reply{status: 404, body: `{"error":{"code":"record_not_found","message":"Couldn't find Equity"}}`},
			"record_not_found"},
		{"unknown type", provider.InstrumentType("Bond"), "X", ok(`{}`), "unknown instrument type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			for _, path := range []string{"equities/AAPL", "equity-options/AAPL%20%20261218C00200000", "futures/%2FESZ6"} {
				f.on("GET /instruments/"+path, tt.answer)
			}
			c := newTestClient(t, f)

			_, err := c.Instrument(bg(), tt.typ, tt.symbol)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Instrument() error = %v, want %q", err, tt.wantErr)
			}
			if tt.answer.status == 404 && !errors.Is(err, provider.ErrNotFound) {
				t.Errorf("Instrument() error = %v, want it to match ErrNotFound", err)
			}
		})
	}
}
