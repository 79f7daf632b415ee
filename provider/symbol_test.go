package provider

import (
	"testing"
)

func TestInferInstrumentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		symbol string
		want   InstrumentType
		ok     bool
	}{
		{"AAPL", Equity, true},
		{"brk/b", Equity, true},
		{"SPY   271217P00500000", EquityOption, true},
		{"SPY 271217P00500000", EquityOption, true},
		{"spxw  251106p06840000", EquityOption, true},
		{"/ESZ6", Future, true},
		{"/NGZ19", Future, true},
		{"./ESZ4 EW4Z4 241220C5000", FutureOption, true},
		{"./ZBU5 OZBN5 250620C142.5", FutureOption, true},
		{"./MNQZ5D4AU5 250922C24575", FutureOption, true},
		{"BTC/USD", Cryptocurrency, true},
		{"", "", false},
		{"A B", "", false},
		{"/", Future, false},
	}
	for _, tt := range tests {
		got, ok := InferInstrumentType(tt.symbol)
		if got != tt.want || ok != tt.ok {
			t.Errorf("InferInstrumentType(%q) = %q, %v; want %q, %v", tt.symbol, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCanonicalSymbol(t *testing.T) {
	t.Parallel()
	tests := []struct {
		t      InstrumentType
		symbol string
		want   string
	}{
		{Equity, " aapl ", "AAPL"},
		{Equity, "brk/b", "BRK/B"},
		{EquityOption, "aapl 230818c00197500", "AAPL  230818C00197500"},
		{EquityOption, "AAPL230818C00197500", "AAPL  230818C00197500"},
		{EquityOption, "SPXW  251106P06840000", "SPXW  251106P06840000"},
		{Future, "/esz6", "/ESZ6"},
		// Future options are opaque: case and inner spaces are identity.
		{FutureOption, " ./ESZ4 EW4Z4 241220C5000 ", "./ESZ4 EW4Z4 241220C5000"},
		{FutureOption, "./zbu5 OZBN5 250620C142.5", "./zbu5 OZBN5 250620C142.5"},
		{Cryptocurrency, "btc/usd", "BTC/USD"},
	}
	for _, tt := range tests {
		if got := CanonicalSymbol(tt.t, tt.symbol); got != tt.want {
			t.Errorf("CanonicalSymbol(%q, %q) = %q, want %q", tt.t, tt.symbol, got, tt.want)
		}
	}
}

func TestParseEnums(t *testing.T) {
	t.Parallel()
	if got, ok := ParseOrderType("STOP-limit"); !ok || got != StopLimit {
		t.Errorf("ParseOrderType(STOP-limit) = %q, %v", got, ok)
	}
	if got, ok := ParseTimeInForce("gtc_ext_overnight"); !ok || got != GTCExtOvernight {
		t.Errorf("ParseTimeInForce(gtc_ext_overnight) = %q, %v", got, ok)
	}
	if got, ok := ParseAction("Buy to Open"); !ok || got != BuyToOpen {
		t.Errorf("ParseAction(Buy to Open) = %q, %v", got, ok)
	}
	if _, ok := ParseEffect("None"); ok {
		t.Error("ParseEffect(None) accepted a value no request may carry")
	}
	if _, ok := ParseAction("buy_to_opne"); ok {
		t.Error("ParseAction accepted a misspelling")
	}
	if got := HCLSpelling(GTCExtOvernight); got != "gtc_ext_overnight" {
		t.Errorf("HCLSpelling() = %q", got)
	}
}

func TestOrderStatusClasses(t *testing.T) {
	t.Parallel()
	for _, s := range []OrderStatus{StatusReceived, StatusRouted, StatusInFlight, StatusLive, StatusContingent} {
		if !s.Working() || s.Pending() || s.Terminal() {
			t.Errorf("%s: want working only", s)
		}
	}
	for _, s := range []OrderStatus{StatusCancelRequested, StatusReplaceRequested} {
		if s.Working() || !s.Pending() || s.Terminal() {
			t.Errorf("%s: want pending only", s)
		}
	}
	for _, s := range []OrderStatus{StatusFilled, StatusCancelled, StatusExpired, StatusRejected, StatusRemoved, StatusPartiallyRemoved} {
		if s.Working() || s.Pending() || !s.Terminal() {
			t.Errorf("%s: want terminal only", s)
		}
	}
	if OrderStatus("Teleported").Known() {
		t.Error("an unknown status is Known")
	}
}

func TestLogPathHidesInstrumentSymbols(t *testing.T) {
	tests := map[string]string{
		"/instruments/equities/ZQXV":                            "/instruments/equities/…",
		"/instruments/equity-options/QQQZ%20%20271217P00400000": "/instruments/equity-options/…",
		"/accounts/5WT00001/orders":                             "/accounts/5WT00001/orders",
	}
	for in, want := range tests {
		if got := LogPath(in); got != want {
			t.Errorf("LogPath(%q) = %q, want %q", in, got, want)
		}
	}
}
