package provider_test

import (
	"context"
	"errors"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
	"github.com/ttplan/ttplan/provider/emulator"
	"github.com/ttplan/ttplan/provider/tastytrade"
)

// These tests put the tastytrade client and the emulator on the two ends
// of a real HTTP connection: what one writes, the other must read. Each
// was built from the API reference alone, so a disagreement here is a bug
// in one of them.

func serve(t *testing.T) (*emulator.Emulator, string) {
	t.Helper()
	e, err := emulator.Open(filepath.Join(t.TempDir(), "tt.db"), emulator.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(e.Handler())
	t.Cleanup(func() {
		srv.Close()
		e.Close()
	})
	return e, srv.URL
}

func client(t *testing.T, url string, creds tastytrade.Credentials) *tastytrade.Client {
	t.Helper()
	c, err := tastytrade.New(tastytrade.Options{
		BaseURL: url, Environment: "local", Credentials: creds,
		CacheDir: t.TempDir(), Version: "test",
	})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func dec(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

func TestInteropLogin(t *testing.T) {
	t.Parallel()
	_, url := serve(t)

	tests := []struct {
		name  string
		creds tastytrade.Credentials
		ok    bool
	}{
		{"oauth", tastytrade.Credentials{ClientSecret: emulator.DemoClientSecret, RefreshToken: emulator.DemoRefreshToken}, true},
		{"password", tastytrade.Credentials{Username: emulator.DemoUsername, Password: emulator.DemoPassword}, true},
		{"wrong password", tastytrade.Credentials{Username: emulator.DemoUsername, Password: "nope"}, false},
		{"wrong refresh token", tastytrade.Credentials{ClientSecret: emulator.DemoClientSecret, RefreshToken: "nope"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			accounts, err := client(t, url, tt.creds).Accounts(context.Background())
			var authErr *provider.AuthError
			switch {
			case tt.ok && err != nil:
				t.Fatalf("Accounts() = %v", err)
			case tt.ok && len(accounts) != 2:
				t.Errorf("Accounts() = %v, want the two demo accounts", accounts)
			case !tt.ok && !errors.As(err, &authErr):
				t.Errorf("Accounts() error = %v, want an *AuthError", err)
			}
		})
	}
}

func TestInteropWatchlists(t *testing.T) {
	t.Parallel()
	_, url := serve(t)
	c := client(t, url, tastytrade.Credentials{Username: emulator.DemoUsername, Password: emulator.DemoPassword})
	ctx := context.Background()

	name := "Tech & Chips / AI #50%"
	w := provider.Watchlist{Name: name, GroupName: "Sectors", OrderIndex: 4, Entries: []provider.WatchlistEntry{
		{Symbol: "AAPL", InstrumentType: provider.Equity},
		{Symbol: "/ESZ6", InstrumentType: provider.Future},
		{Symbol: "SPY   271217P00500000", InstrumentType: provider.EquityOption},
		{Symbol: "./ESZ6 EW4Z6 261218C5000", InstrumentType: provider.FutureOption},
		{Symbol: "BTC/USD", InstrumentType: provider.Cryptocurrency},
	}}
	if _, err := c.CreateWatchlist(ctx, w); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateWatchlist(ctx, w); err == nil {
		t.Error("creating a watchlist twice succeeded")
	}

	w.Entries = append(w.Entries[:1], provider.WatchlistEntry{Symbol: "MSFT", InstrumentType: provider.Equity})
	if _, err := c.ReplaceWatchlist(ctx, name, w); err != nil {
		t.Fatal(err)
	}
	got, err := c.Watchlists(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]provider.Watchlist{w}, got); diff != "" {
		t.Errorf("Watchlists() after PUT (-want +got):\n%s", diff)
	}

	if err := c.DeleteWatchlist(ctx, name); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteWatchlist(ctx, name); !errors.Is(err, provider.ErrNotFound) {
		t.Errorf("second delete = %v, want ErrNotFound", err)
	}
}

func TestInteropOrders(t *testing.T) {
	t.Parallel()
	e, url := serve(t)
	c := client(t, url, tastytrade.Credentials{ClientSecret: emulator.DemoClientSecret, RefreshToken: emulator.DemoRefreshToken})
	ctx := context.Background()
	acct := emulator.DemoAccount

	spec := provider.OrderSpec{
		OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("95.50"), PriceEffect: provider.Debit,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "NVDA",
			Action: provider.BuyToOpen, Quantity: dec("10")}},
		ExternalIdentifier: "tt1.test.0001", Source: "ttplan/test",
	}
	placed, err := c.PlaceOrder(ctx, acct, spec)
	if err != nil {
		t.Fatal(err)
	}
	if placed.ExternalIdentifier != spec.ExternalIdentifier || !placed.Price.Decimal.Equal(spec.Price.Decimal) {
		t.Errorf("placed order = %+v, want the tag and price echoed", placed)
	}

	spec.Price = dec("94")
	replaced, err := c.ReplaceOrder(ctx, acct, placed.ID, spec)
	if err != nil {
		t.Fatal(err)
	}
	if replaced.ID == placed.ID || replaced.ReplacesOrderID != placed.ID {
		t.Errorf("replacement = id %d replaces %d, want a new id replacing %d", replaced.ID, replaced.ReplacesOrderID, placed.ID)
	}

	live, err := c.LiveOrders(ctx, acct)
	if err != nil {
		t.Fatal(err)
	}
	status := map[int64]provider.OrderStatus{}
	for _, o := range live {
		status[o.ID] = o.Status
	}
	want := map[int64]provider.OrderStatus{placed.ID: provider.StatusCancelled, replaced.ID: provider.StatusLive}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Errorf("live orders (-want +got):\n%s", diff)
	}

	if _, err := c.CancelOrder(ctx, acct, replaced.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CancelOrder(ctx, acct, replaced.ID); !provider.HasCode(err, "cannot_update_order") {
		t.Errorf("cancel of a cancelled order = %v, want cannot_update_order", err)
	}

	history, err := c.SearchOrders(ctx, acct, time.Now().Add(-24*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 2 {
		t.Errorf("SearchOrders() found %d orders, want 2", len(history))
	}

	// A fill seen through the client.
	fillMe, err := c.PlaceOrder(ctx, acct, spec)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Fill(fillMe.ID, nil, nil); err != nil {
		t.Fatal(err)
	}
	got, err := c.Order(ctx, acct, fillMe.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != provider.StatusFilled || !got.FilledQuantity().Equal(decimal.NewFromInt(10)) {
		t.Errorf("filled order = %s with %s filled, want Filled with 10", got.Status, got.FilledQuantity())
	}
}

func TestInteropRefusals(t *testing.T) {
	t.Parallel()
	_, url := serve(t)
	c := client(t, url, tastytrade.Credentials{ClientSecret: emulator.DemoClientSecret, RefreshToken: emulator.DemoRefreshToken})
	ctx := context.Background()

	// A closing order with no position, strictly validated, is refused
	// rather than turned into a short.
	spec := provider.OrderSpec{
		OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("500"), PriceEffect: provider.Credit, StrictPositionEffect: true,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "TSLA",
			Action: provider.SellToClose, Quantity: dec("1")}},
	}
	_, err := c.PlaceOrder(ctx, emulator.DemoAccount, spec)
	var apiErr *provider.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 {
		t.Errorf("strict close without a position = %v, want a 422", err)
	}

	// A GTC market order is refused with the API's own code.
	spec = provider.OrderSpec{OrderType: provider.Market, TimeInForce: provider.GTC,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
			Action: provider.BuyToOpen, Quantity: dec("1")}}}
	_, err = c.PlaceOrder(ctx, emulator.DemoAccount, spec)
	if !errors.As(err, &apiErr) || !hasDetail(apiErr, "gtc_market_orders_not_supported") {
		t.Errorf("GTC market order = %v, want gtc_market_orders_not_supported", err)
	}
}

func hasDetail(e *provider.APIError, code string) bool {
	for _, d := range e.Details {
		if d.Code == code {
			return true
		}
	}
	return false
}
