package emulator

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func dec(s string) *decimal.Decimal {
	d := decimal.RequireFromString(s)
	return &d
}

func (v *env) position(symbol string) any {
	v.t.Helper()
	r := v.do("GET", "/accounts/"+DemoAccount+"/positions", nil).wantStatus(http.StatusOK)
	items, _ := r.at("data.items").([]any)
	for _, it := range items {
		p := it.(map[string]any)
		if p["symbol"] == symbol {
			return []any{p["quantity"], p["quantity-direction"]}
		}
	}
	return nil
}

func TestPartialThenFullFill(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))

	if err := v.e.Fill(id, dec("4"), dec("149.50")); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	r := v.getOrder(id)
	r.wantEqual("data.status", "Live")
	r.wantEqual("data.legs.0.remaining-quantity", float64(6))
	r.wantEqual("data.legs.0.fills", []any{map[string]any{"fill-id": "FILL-1", "quantity": "4",
		"fill-price": "149.5", "filled-at": "2026-06-10T14:00:00.000+00:00", "destination-venue": "EMULATOR"}})
	if r.has("data.terminal-at") {
		t.Errorf("partially filled order has terminal-at: %s", r.raw)
	}
	if got := v.position("AAPL"); got == nil || got.([]any)[0] != float64(54) {
		t.Errorf("AAPL position = %v, want 54 long", got)
	}

	if err := v.e.Fill(id, nil, nil); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	r = v.getOrder(id)
	r.wantEqual("data.status", "Filled")
	r.wantEqual("data.legs.0.remaining-quantity", float64(0))
	r.wantEqual("data.legs.0.fills.1.fill-price", "150.0")
	r.wantEqual("data.terminal-at", "2026-06-10T14:00:00.000+00:00")
	r.wantEqual("data.cancellable", false)

	// 100000 - 4*149.5 - 6*150
	v.do("GET", "/accounts/"+DemoAccount+"/balances", nil).wantEqual("data.cash-balance", "98502.0")
	if err := v.e.Fill(id, nil, nil); !errors.Is(err, ErrNotWorking) {
		t.Errorf("Fill() of a filled order error = %v, want ErrNotWorking", err)
	}
}

func TestSellFillOpensShort(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("MSFT", "Sell to Open", 5, "100.00"))
	if err := v.e.Fill(id, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := v.position("MSFT"); got == nil || got.([]any)[1] != "Short" {
		t.Errorf("MSFT position = %v, want 5 short", got)
	}

	closeAll := v.place(limitOrder("AAPL", "Sell to Close", 50, "100.00"))
	if err := v.e.Fill(closeAll, nil, dec("101")); err != nil {
		t.Fatal(err)
	}
	if got := v.position("AAPL"); got != nil {
		t.Errorf("AAPL position after selling all = %v, want none", got)
	}
}

func TestFillRefusals(t *testing.T) {
	v := newEnv(t)
	buy := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	sell := v.place(limitOrder("AAPL", "Sell to Close", 10, "150.00"))
	btc := v.place(aapl(map[string]any{"price": "60000.00", "legs": []any{map[string]any{
		"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open", "quantity": "0.5"}}}))
	spread := v.place(map[string]any{"order-type": "Limit", "time-in-force": "Day", "price": "0.50",
		"price-effect": "Credit", "legs": legs(optLeg(call200, "Buy to Open", 2), optLeg(call210, "Sell to Open", 4))})
	notional := v.place(map[string]any{"order-type": "Notional Market", "time-in-force": "Day",
		"value": "10", "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))})
	tests := []struct {
		name  string
		id    int64
		qty   *decimal.Decimal
		price *decimal.Decimal
		is    error
		says  string // part of the error text
	}{
		{"unknown order", 42, nil, nil, ErrNotFound, "not found"},
		{"more than remains", buy, dec("11"), nil, nil, "more than the 10 remaining"},
		{"zero quantity", buy, dec("0"), nil, nil, "quantity 0 is not positive"},
		{"negative quantity", buy, dec("-1"), nil, nil, "quantity -1 is not positive"},
		{"fractional equity", buy, dec("0.5"), nil, nil, "quantity 0.5 is not a whole number"},
		{"crypto past 8 places", btc, dec("1e-21"), nil, nil, "more than 8 decimal places"},
		{"crypto more than remains", btc, dec("0.50000001"), nil, nil, "more than the 0.5 remaining"},
		{"fractional spread", spread, dec("0.5"), nil, nil, "quantity 0.5 is not a whole number"},
		{"spread more than remains", spread, dec("3"), nil, nil, "more than the 2 remaining"},
		{"notional past 5 places", notional, dec("0.000001"), nil, nil, "more than 5 decimal places"},
		{"zero price", buy, nil, dec("0"), nil, "price 0 is not positive"},
		{"negative price", sell, nil, dec("-150"), nil, "price -150 is not positive"},
		{"negative price on a spread", spread, nil, dec("-1"), nil, "price -1 is not positive"},
		{"buy above limit", buy, nil, dec("150.01"), nil, "through the limit"},
		{"sell below limit", sell, nil, dec("149.99"), nil, "through the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := v.e.Fill(tt.id, tt.qty, tt.price)
			if err == nil || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Fatalf("Fill() error = %v, want a refusal (%v)", err, tt.is)
			}
			if !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Fill() error = %q, want it to say %q", err, tt.says)
			}
		})
	}
	v.getOrder(buy).wantEqual("data.legs.0.remaining-quantity", float64(10))
	v.getOrder(btc).wantEqual("data.legs.0.fills", []any{})
	v.getOrder(spread).wantEqual("data.legs.1.remaining-quantity", float64(4))
	v.getOrder(notional).wantEqual("data.status", "Live")
}

// TestFillPrecision: crypto fills to 8 decimal places, notional equity
// fills to 5, whole units otherwise.
func TestFillPrecision(t *testing.T) {
	v := newEnv(t)
	btc := v.place(aapl(map[string]any{"price": "60000.00", "legs": []any{map[string]any{
		"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open", "quantity": "0.5"}}}))
	if err := v.e.Fill(btc, dec("0.00000001"), nil); err != nil {
		t.Fatalf("Fill(0.00000001 BTC) error = %v", err)
	}
	r := v.getOrder(btc)
	r.wantEqual("data.status", "Live")
	r.wantEqual("data.legs.0.remaining-quantity", 0.49999999)

	notional := v.place(map[string]any{"order-type": "Notional Market", "time-in-force": "Day",
		"value": "10", "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))})
	if err := v.e.Fill(notional, dec("0.04999"), dec("200")); err != nil {
		t.Fatalf("Fill(0.04999 AAPL notional) error = %v", err)
	}
	v.getOrder(notional).wantEqual("data.legs.0.fills.0.quantity", "0.04999")
}

// TestFillHookRefusals: the hook names the field it could not read and
// passes the Go refusal on.
func TestFillHookRefusals(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	hook := "/_emulator/orders/" + itoa(id) + "/fill"

	r := v.do("POST", hook, `{"price":"x"}`, noAuth).wantError(http.StatusBadRequest, "validation_error")
	if diff := cmp.Diff([]string{"price"}, r.errorCodes()); diff != "" {
		t.Errorf("domains mismatch (-want +got):\n%s", diff)
	}
	r = v.do("POST", hook, `{"quantity":"0.5"}`, noAuth).wantError(http.StatusBadRequest, "hook_failed")
	if msg := r.str("error.message"); !strings.Contains(msg, "not a whole number") {
		t.Errorf("error.message = %q, want the fractional refusal", msg)
	}
}

func TestFillSpreadAndMarket(t *testing.T) {
	v := newEnv(t)
	spread := v.place(map[string]any{"order-type": "Limit", "time-in-force": "Day", "price": "0.50",
		"price-effect": "Credit", "legs": legs(optLeg(call200, "Buy to Open", 2), optLeg(call210, "Sell to Open", 4))})
	if err := v.e.Fill(spread, dec("1"), nil); err != nil {
		t.Fatal(err)
	}
	r := v.getOrder(spread)
	r.wantEqual("data.legs.0.remaining-quantity", float64(1))
	r.wantEqual("data.legs.1.remaining-quantity", float64(2))

	market := v.place(map[string]any{"order-type": "Market", "time-in-force": "Day",
		"legs": legs(eqLeg("SPY", "Buy to Open", 3))})
	if err := v.e.Fill(market, nil, nil); err != nil {
		t.Fatal(err)
	}
	r = v.getOrder(market)
	r.wantEqual("data.status", "Filled")
	if r.str("data.legs.0.fills.0.fill-price") == "" {
		t.Errorf("market fill has no price: %s", r.raw)
	}
}

func TestFillNotional(t *testing.T) {
	v := newEnv(t)
	id := v.place(map[string]any{"order-type": "Notional Market", "time-in-force": "Day",
		"value": "10", "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))})
	if err := v.e.Fill(id, nil, dec("200")); err != nil {
		t.Fatal(err)
	}
	r := v.getOrder(id)
	r.wantEqual("data.status", "Filled")
	r.wantEqual("data.legs.0.quantity", 0.05)
	r.wantEqual("data.legs.0.fills.0.quantity", "0.05")
}

func TestOrderHooks(t *testing.T) {
	v := newEnv(t)
	a := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	b := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	c := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))

	r := v.do("POST", "/_emulator/orders/"+itoa(a)+"/fill", map[string]any{"quantity": "5", "price": 95.5}, noAuth)
	r.wantStatus(http.StatusOK)
	r.wantEqual("status", "Live")
	r.wantEqual("legs.0.remaining-quantity", float64(5))
	v.do("POST", "/_emulator/orders/"+itoa(a)+"/fill", nil, noAuth).wantStatus(http.StatusOK).wantEqual("status", "Filled")

	v.do("POST", "/_emulator/orders/"+itoa(b)+"/cancel", nil, noAuth).wantStatus(http.StatusOK).
		wantEqual("status", "Cancelled")
	v.do("POST", "/_emulator/orders/"+itoa(c)+"/expire", nil, noAuth).wantStatus(http.StatusOK).
		wantEqual("status", "Expired")

	v.do("POST", "/_emulator/orders/"+itoa(b)+"/cancel", nil, noAuth).wantError(http.StatusConflict, "order_not_working")
	v.do("POST", "/_emulator/orders/42/fill", nil, noAuth).wantError(http.StatusNotFound, "record_not_found")
	v.do("POST", "/_emulator/orders/"+itoa(c)+"/explode", nil, noAuth).wantStatus(http.StatusNotFound)
	v.do("POST", "/_emulator/orders/"+itoa(a)+"/fill", `{"quantity":"x"}`, noAuth).wantStatus(http.StatusBadRequest)
}

// A stop fills at its trigger unless told otherwise, not at the made-up
// mark, which may lie on the wrong side of it.
func TestStopFillsAtItsTrigger(t *testing.T) {
	v := newEnv(t)
	id := v.place(map[string]any{
		"time-in-force": "GTC", "order-type": "Stop", "stop-trigger": "180.00",
		"legs": []any{map[string]any{"instrument-type": "Equity", "symbol": "AAPL", "quantity": 10, "action": "Sell to Close"}},
	})
	if err := v.e.Fill(id, nil, nil); err != nil {
		t.Fatal(err)
	}
	v.getOrder(id).wantEqual("data.legs.0.fills.0.fill-price", "180.0")
}
