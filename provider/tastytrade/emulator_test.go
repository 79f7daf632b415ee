package tastytrade

import (
	"errors"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
	"github.com/ttplan/ttplan/provider/emulator"
)

// These tests run the client against the emulator over HTTP: each side
// was written from the API reference, so what one writes the other must
// read.

// emulatorNow is Wednesday 2026-06-10, 10:00 in New York.
var emulatorNow = time.Date(2026, 6, 10, 14, 0, 0, 0, time.UTC)

func newEmulatorClient(t *testing.T) (*Client, *emulator.Emulator) {
	t.Helper()
	e, err := emulator.Open(filepath.Join(t.TempDir(), "tt.db"),
		emulator.Options{Now: func() time.Time { return emulatorNow }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(func() {
		srv.Close()
		e.Close()
	})

	c, err := New(Options{BaseURL: srv.URL, Environment: "local", Version: "test",
		Credentials: Credentials{ClientSecret: emulator.DemoClientSecret, RefreshToken: emulator.DemoRefreshToken},
		Now:         func() time.Time { return emulatorNow }})
	if err != nil {
		t.Fatal(err)
	}
	return c, e
}

// msftOTOCO buys 10 MSFT and brackets the position it opens.
func msftOTOCO() provider.ComplexSpec {
	leg := func(a provider.Action) []provider.Leg {
		return []provider.Leg{{InstrumentType: provider.Equity, Symbol: "MSFT", Action: a, Quantity: dec("10")}}
	}
	return provider.ComplexSpec{
		Type: provider.OTOCO, Source: "ttplan/test",
		Trigger: &provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
			Price: dec("400"), PriceEffect: provider.Debit, ExternalIdentifier: "entry",
			Legs: leg(provider.BuyToOpen)},
		Orders: []provider.OrderSpec{
			{OrderType: provider.Limit, TimeInForce: provider.GTC, Price: dec("450"),
				PriceEffect: provider.Credit, ExternalIdentifier: "tp", StrictPositionEffect: true,
				Legs: leg(provider.SellToClose)},
			{OrderType: provider.Stop, TimeInForce: provider.GTC, StopTrigger: dec("380"),
				ExternalIdentifier: "sl", StrictPositionEffect: true, Legs: leg(provider.SellToClose)},
		},
	}
}

// states lists each order's external identifier, status and tag.
func states(orders []provider.Order) []string {
	var out []string
	for _, o := range orders {
		out = append(out, o.ExternalIdentifier+" "+string(o.Status)+" "+o.ComplexOrderTag)
	}
	return out
}

func TestEmulator_complexOrderLifecycle(t *testing.T) {
	t.Parallel()
	c, e := newEmulatorClient(t)
	const acct = emulator.DemoAccount

	co, err := c.PlaceComplexOrder(bg(), acct, msftOTOCO())
	if err != nil {
		t.Fatalf("PlaceComplexOrder: %v", err)
	}
	if co.ID == 0 || co.Type != provider.OTOCO || co.Trigger == nil || len(co.Orders) != 2 {
		t.Fatalf("PlaceComplexOrder() = %+v, want an OTOCO with a trigger and two orders", co)
	}
	for _, o := range append([]provider.Order{*co.Trigger}, co.Orders...) {
		if o.ComplexOrderID != co.ID {
			t.Errorf("component %d has complex-order-id %d, want %d", o.ID, o.ComplexOrderID, co.ID)
		}
	}

	live, err := c.LiveOrders(bg(), acct)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"entry Live OTOCO::trigger-order", "tp Contingent OTOCO::oco-1-order",
		"sl Contingent OTOCO::oco-2-order"}
	if diff := cmp.Diff(want, states(live)); diff != "" {
		t.Errorf("LiveOrders() mismatch (-want +got):\n%s", diff)
	}

	// The trigger fills: the pair goes Live, and search shows it.
	if err := e.Fill(co.Trigger.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	found, err := c.SearchOrders(bg(), acct, emulatorNow.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"entry Filled OTOCO::trigger-order", "tp Live OTOCO::oco-1-order", "sl Live OTOCO::oco-2-order"}
	if diff := cmp.Diff(want, states(found)); diff != "" {
		t.Errorf("SearchOrders() mismatch (-want +got):\n%s", diff)
	}

	// A component is cancelled with its complex order, never alone.
	_, err = c.CancelOrder(bg(), acct, co.Orders[0].ID)
	if !provider.HasCode(err, "cannot_update_order") {
		t.Errorf("CancelOrder(component) error = %v, want cannot_update_order", err)
	}
	cancelled, err := c.CancelComplexOrder(bg(), acct, co.ID)
	if err != nil {
		t.Fatalf("CancelComplexOrder: %v", err)
	}
	if diff := cmp.Diff([]string{"tp Cancel Requested OTOCO::oco-1-order", "sl Cancel Requested OTOCO::oco-2-order"},
		states(cancelled.Orders)); diff != "" {
		t.Errorf("CancelComplexOrder() mismatch (-want +got):\n%s", diff)
	}
	one, err := c.Order(bg(), acct, co.Orders[1].ID)
	if err != nil || one.Status != provider.StatusCancelled || one.ComplexOrderTag != "OTOCO::oco-2-order" {
		t.Errorf("Order() = %s %q, %v; want the Cancelled stop-loss with its tag", one.Status, one.ComplexOrderTag, err)
	}
	_, err = c.CancelComplexOrder(bg(), acct, co.ID)
	if !provider.HasCode(err, "cannot_update_order") {
		t.Errorf("second CancelComplexOrder() error = %v, want cannot_update_order", err)
	}
}

func TestEmulator_replaceComponentKeepsItsPlace(t *testing.T) {
	t.Parallel()
	c, e := newEmulatorClient(t)
	const acct = emulator.DemoAccount
	co, err := c.PlaceComplexOrder(bg(), acct, msftOTOCO())
	if err != nil {
		t.Fatal(err)
	}

	tp := msftOTOCO().Orders[0]
	tp.Price = dec("460")
	if _, err := c.ReplaceOrder(bg(), acct, co.Orders[0].ID, tp); !provider.HasCode(err, "cannot_update_order") {
		t.Errorf("ReplaceOrder(Contingent) error = %v, want cannot_update_order", err)
	}

	if err := e.Fill(co.Trigger.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	next, err := c.ReplaceOrder(bg(), acct, co.Orders[0].ID, tp)
	if err != nil {
		t.Fatalf("ReplaceOrder(Live) error = %v", err)
	}
	if next.ComplexOrderID != co.ID || next.ComplexOrderTag != "OTOCO::oco-1-order" {
		t.Errorf("replacement has complex fields %d %q, want %d OTOCO::oco-1-order",
			next.ComplexOrderID, next.ComplexOrderTag, co.ID)
	}

	if err := e.Fill(next.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	sl, err := c.Order(bg(), acct, co.Orders[1].ID)
	if err != nil || sl.Status != provider.StatusCancelled {
		t.Errorf("stop-loss after the replaced take-profit filled = %s, %v; want Cancelled", sl.Status, err)
	}
}

func TestEmulator_instruments(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t)
	tests := []struct {
		typ        provider.InstrumentType
		symbol     string
		multiplier int64
		ticks      int // length of TickSizes
	}{
		{provider.Equity, "AAPL", 1, 2},
		{provider.Equity, "BRK/B", 1, 2},
		{provider.EquityOption, "AAPL  261218C00200000", 100, 2},
		{provider.Future, "/ESZ6", 50, 1},
		{provider.FutureOption, "./ESZ6 EW4Z6 261218C5000", 50, 2},
		{provider.Cryptocurrency, "BTC/USD", 1, 1},
	}
	for _, tt := range tests {
		in, err := c.Instrument(bg(), tt.typ, tt.symbol)
		if err != nil {
			t.Errorf("Instrument(%s) error = %v", tt.symbol, err)
			continue
		}
		if in.Symbol != tt.symbol || !in.Multiplier.Equal(decimal.NewFromInt(tt.multiplier)) || len(in.TickSizes) != tt.ticks {
			t.Errorf("Instrument(%s) = %s x%s with %d ticks, want x%d with %d",
				tt.symbol, in.Symbol, in.Multiplier, len(in.TickSizes), tt.multiplier, tt.ticks)
		}
	}

	aapl, _ := c.Instrument(bg(), provider.Equity, "AAPL")
	for _, check := range []struct {
		schedule []provider.TickSize
		price    string
		want     string
	}{
		{aapl.TickSizes, "0.5", "0.0001"}, {aapl.TickSizes, "150", "0.01"},
		{aapl.OptionTickSizes, "2.5", "0.05"}, {aapl.OptionTickSizes, "3.5", "0.1"},
		{aapl.SpreadTickSizes, "7", "0.01"},
	} {
		got, ok := provider.TickAt(check.schedule, decimal.RequireFromString(check.price))
		if !ok || !got.Equal(decimal.RequireFromString(check.want)) {
			t.Errorf("TickAt(%v, %s) = %s, %v; want %s", check.schedule, check.price, got, ok, check.want)
		}
	}

	_, err := c.Instrument(bg(), provider.Equity, "aapl ")
	if err != nil {
		t.Errorf("Instrument(lower case) error = %v, want the canonical symbol found", err)
	}
	_, err = c.Instrument(bg(), provider.Future, "/ES")
	if !errors.Is(err, provider.ErrNotFound) {
		t.Errorf("Instrument(/ES) error = %v, want ErrNotFound", err)
	}
}

func TestEmulator_dryRuns(t *testing.T) {
	t.Parallel()
	c, e := newEmulatorClient(t)
	const acct = emulator.DemoAccount
	buy := func(qty string) provider.OrderSpec {
		return provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
			Price: dec("150"), PriceEffect: provider.Debit,
			Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
				Action: provider.BuyToOpen, Quantity: dec(qty)}}}
	}

	// 10 AAPL at 150 hold 1500, plus 0.008 of clearing.
	got, err := c.DryRun(bg(), acct, buy("10"))
	if err != nil {
		t.Fatalf("DryRun: %v", err)
	}
	want := provider.DryRunResult{
		BuyingPowerChange: decimal.RequireFromString("1500.008"), BuyingPowerChangeEffect: provider.Debit,
		NewBuyingPower: decimal.RequireFromString("98499.992"), NewBuyingPowerEffect: provider.Credit,
		Fees: decimal.RequireFromString("0.008"), FeesEffect: provider.Debit, Warnings: []provider.Message{},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DryRun() mismatch (-want +got):\n%s", diff)
	}

	// 1000 AAPL at 150 need more than the 100000 of buying power.
	got, err = c.DryRun(bg(), acct, buy("1000"))
	var apiErr *provider.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || len(apiErr.Details) != 1 ||
		apiErr.Details[0].Code != "margin_check_failed" {
		t.Fatalf("DryRun(too big) error = %v, want 422 with margin_check_failed", err)
	}
	if !got.NewBuyingPower.Equal(decimal.RequireFromString("50000.8")) || got.NewBuyingPowerEffect != provider.Debit {
		t.Errorf("DryRun(too big) result = %s %s, want the 50000.8 Debit the answer carries",
			got.NewBuyingPower, got.NewBuyingPowerEffect)
	}

	// A complex dry run sums its components; the market being closed
	// shows as a warning.
	if err := e.SetMarket(false); err != nil {
		t.Fatal(err)
	}
	got, err = c.DryRunComplexOrder(bg(), acct, msftOTOCO())
	if err != nil {
		t.Fatalf("DryRunComplexOrder: %v", err)
	}
	if !got.BuyingPowerChange.Equal(decimal.RequireFromString("4000.255")) || len(got.Warnings) != 1 ||
		got.Warnings[0].Code != "tif_next_valid_sesssion" {
		t.Errorf("DryRunComplexOrder() = %+v, want 4000.255 and the next-session warning", got)
	}

	huge := msftOTOCO()
	huge.Trigger.Legs[0].Quantity = dec("1000")
	_, err = c.DryRunComplexOrder(bg(), acct, huge)
	if !errors.As(err, &apiErr) || apiErr.Code != "preflight_check_failure" {
		t.Errorf("DryRunComplexOrder(too big) error = %v, want preflight_check_failure", err)
	}
}

func TestEmulator_dryRunReplaceCountsFreedBuyingPower(t *testing.T) {
	t.Parallel()
	c, _ := newEmulatorClient(t)
	const acct = emulator.DemoAccount
	spec := provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("150"), PriceEffect: provider.Debit,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
			Action: provider.BuyToOpen, Quantity: dec("400")}}}
	o, err := c.PlaceOrder(bg(), acct, spec) // holds 60000
	if err != nil {
		t.Fatal(err)
	}

	spec.Price = dec("149")
	got, err := c.DryRunReplace(bg(), acct, o.ID, spec)
	if err != nil {
		t.Fatalf("DryRunReplace: %v", err)
	}
	// 400 at 149 and 0.32 of clearing, out of the whole 100000.
	if !got.NewBuyingPower.Equal(decimal.RequireFromString("40399.68")) {
		t.Errorf("DryRunReplace() new buying power = %s, want 40399.68", got.NewBuyingPower)
	}
	if _, err := c.DryRun(bg(), acct, spec); !provider.HasCode(err, "preflight_check_failure") {
		t.Errorf("DryRun() of a second order error = %v, want a margin failure", err)
	}
}
