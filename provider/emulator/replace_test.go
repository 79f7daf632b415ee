package emulator

import (
	"net/http"
	"testing"
)

func orderPath(id int64) string {
	return ordersPath("/" + itoa(id))
}

func TestReplaceChain(t *testing.T) {
	for _, method := range []string{"PUT", "PATCH"} {
		t.Run(method, func(t *testing.T) {
			v := newEnv(t)
			body := limitOrder("AAPL", "Buy to Open", 10, "150.00")
			body["external-identifier"] = "rec-1"
			first := v.place(body)

			// The replacement repeats the body; external-identifier is sent again.
			body["price"] = "149.50"
			r := v.do(method, orderPath(first), body).wantStatus(http.StatusOK)
			second := r.orderID("data.id")
			if second == first {
				t.Fatalf("replacement kept id %d", first)
			}
			r.wantEqual("data.replaces-order-id", float64(first))
			r.wantEqual("data.status", "Contingent")
			r.wantEqual("data.contingent-status", "Pending Order")
			r.wantEqual("data.price", "149.5")
			r.wantEqual("data.external-identifier", "rec-1")

			old := v.getOrder(first)
			old.wantEqual("data.status", "Cancelled")
			old.wantEqual("data.edited", true)
			old.wantEqual("data.replacing-order-id", float64(second))
			old.wantEqual("data.cancellable", false)
			v.getOrder(second).wantEqual("data.status", "Live")

			// Replace the replacement: a chain of three.
			body["price"] = "149.00"
			delete(body, "external-identifier")
			third := v.do(method, orderPath(second), body).wantStatus(http.StatusOK).orderID("data.id")
			v.getOrder(second).wantEqual("data.replacing-order-id", float64(third))
			g := v.getOrder(third)
			g.wantEqual("data.replaces-order-id", float64(second))
			if g.has("data.external-identifier") {
				t.Errorf("external-identifier inherited: %s", g.raw)
			}
			v.do("GET", ordersPath("/live"), nil).wantIDs(first, second, third)
		})
	}
}

func TestReplaceChangesTypeAndTimeInForce(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Sell to Close", 10, "200.00"))
	r := v.do("PUT", orderPath(id), map[string]any{"order-type": "Stop", "time-in-force": "GTD",
		"gtc-date": "2026-07-01", "stop-trigger": "140.00"}).wantStatus(http.StatusOK)
	r.wantEqual("data.order-type", "Stop")
	r.wantEqual("data.gtc-date", "2026-07-01")
	r.wantEqual("data.stop-trigger", "140.0")
	r.wantEqual("data.legs.0.symbol", "AAPL")
	r.wantEqual("data.legs.0.quantity", float64(10))
	if r.has("data.price") {
		t.Errorf("replacement kept the old price: %s", r.raw)
	}
}

func TestReplaceRefusals(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	done := v.place(limitOrder("SPY", "Buy to Open", 1, "100"))
	v.do("DELETE", orderPath(done), nil).wantStatus(http.StatusOK)

	changedQty := limitOrder("AAPL", "Buy to Open", 20, "149.00")
	changedSymbol := limitOrder("MSFT", "Buy to Open", 10, "149.00")
	tests := []struct {
		name   string
		path   string
		body   any
		status int
		code   string
	}{
		{"quantity change", orderPath(id), changedQty, 400, "validation_error"},
		{"symbol change", orderPath(id), changedSymbol, 400, "validation_error"},
		{"missing order type", orderPath(id), map[string]any{"time-in-force": "GTC", "price": "149", "price-effect": "Debit"},
			400, "validation_error"},
		{"failing preflight", orderPath(id), map[string]any{"order-type": "Limit", "time-in-force": "GTC",
			"price": "149", "price-effect": "Credit"}, 422, "preflight_check_failure"},
		{"terminal order", orderPath(done), limitOrder("SPY", "Buy to Open", 1, "99"), 422, "cannot_update_order"},
		{"unknown order", orderPath(42), limitOrder("SPY", "Buy to Open", 1, "99"), 404, "record_not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			v.do("PUT", tt.path, tt.body).wantError(tt.status, tt.code)
		})
	}
	v.getOrder(id).wantEqual("data.status", "Live")
}

func TestReplaceReleasesOldBuyingPower(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 600, "150.00")) // holds 90000
	v.do("PUT", orderPath(id), limitOrder("AAPL", "Buy to Open", 600, "160.00")).wantStatus(http.StatusOK)
}

func TestReplaceDryRun(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
	r := v.do("POST", orderPath(id)+"/dry-run", limitOrder("AAPL", "Buy to Open", 10, "149.00")).
		wantStatus(http.StatusCreated)
	r.wantEqual("data.order.status", "Received")
	r.wantEqual("data.order.replaces-order-id", float64(id))
	v.getOrder(id).wantEqual("data.status", "Live")

	v.do("POST", orderPath(id)+"/dry-run", limitOrder("AAPL", "Buy to Open", 10, "149.001")).
		wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
}

func TestCancel(t *testing.T) {
	v := newEnv(t)
	id := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))

	r := v.do("DELETE", orderPath(id), nil).wantStatus(http.StatusOK)
	r.wantEqual("data.status", "Cancel Requested")
	r.wantEqual("data.cancellable", false)
	r.wantEqual("data.editable", false)
	if r.has("data.cancelled-at") {
		t.Errorf("cancel response already has cancelled-at: %s", r.raw)
	}

	g := v.getOrder(id)
	g.wantEqual("data.status", "Cancelled")
	g.wantEqual("data.cancelled-at", "2026-06-10T14:00:00.000+00:00")
	g.wantEqual("data.terminal-at", "2026-06-10T14:00:00.000+00:00")

	r = v.do("DELETE", orderPath(id), nil)
	r.wantError(http.StatusUnprocessableEntity, "cannot_update_order")
	r.wantEqual("error.message", "the order could not be cancelled")
}

func TestCancelTerminalStatuses(t *testing.T) {
	v := newEnv(t)
	filled := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))
	expired := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))
	appCancelled := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))
	if err := v.e.Fill(filled, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := v.e.Expire(expired); err != nil {
		t.Fatal(err)
	}
	if err := v.e.Cancel(appCancelled); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{filled, expired, appCancelled} {
		v.do("DELETE", orderPath(id), nil).wantError(http.StatusUnprocessableEntity, "cannot_update_order")
		v.do("PATCH", orderPath(id), limitOrder("AAPL", "Buy to Open", 1, "149.00")).
			wantError(http.StatusUnprocessableEntity, "cannot_update_order")
	}
	v.getOrder(appCancelled).wantEqual("data.edited", false)
}

// TestReplacePartlyFilled: a replacement of a partly filled order takes
// the remaining quantity as its own; the original keeps its fills, so
// the fills of the chain add up to what was ordered.
func TestReplacePartlyFilled(t *testing.T) {
	for _, sendLegs := range []string{"without legs", "with ordered quantity", "with remaining quantity"} {
		t.Run(sendLegs, func(t *testing.T) {
			v := newEnv(t)
			first := v.place(limitOrder("AAPL", "Buy to Open", 10, "150.00"))
			if err := v.e.Fill(first, dec("4"), dec("149.50")); err != nil {
				t.Fatal(err)
			}

			body := limitOrder("AAPL", "Buy to Open", 10, "151.00")
			switch sendLegs {
			case "without legs":
				delete(body, "legs")
			case "with remaining quantity":
				body = limitOrder("AAPL", "Buy to Open", 6, "151.00")
			}
			r := v.do("PUT", orderPath(first), body).wantStatus(http.StatusOK)
			second := r.orderID("data.id")
			r.wantEqual("data.size", float64(6))
			r.wantEqual("data.legs.0.quantity", float64(6))
			r.wantEqual("data.legs.0.remaining-quantity", float64(6))
			r.wantEqual("data.legs.0.fills", []any{})

			old := v.getOrder(first)
			old.wantEqual("data.status", "Cancelled")
			old.wantEqual("data.replacing-order-id", float64(second))
			old.wantEqual("data.legs.0.quantity", float64(10))
			old.wantEqual("data.legs.0.remaining-quantity", float64(6))
			old.wantEqual("data.legs.0.fills.0.quantity", "4")

			if err := v.e.Fill(second, nil, nil); err != nil {
				t.Fatal(err)
			}
			g := v.getOrder(second)
			g.wantEqual("data.status", "Filled")
			g.wantEqual("data.replaces-order-id", float64(first))
			g.wantEqual("data.legs.0.fills.0.quantity", "6")
			if got := v.position("AAPL"); got == nil || got.([]any)[0] != float64(60) {
				t.Errorf("AAPL position = %v, want 60 long (50 + 4 + 6)", got)
			}
		})
	}
}

// TestReplacePartlyFilledSpread: each leg of a multi-leg replacement
// takes its own remaining quantity.
func TestReplacePartlyFilledSpread(t *testing.T) {
	v := newEnv(t)
	body := map[string]any{"order-type": "Limit", "time-in-force": "Day", "price": "0.50",
		"price-effect": "Credit", "legs": legs(optLeg(call200, "Buy to Open", 2), optLeg(call210, "Sell to Open", 4))}
	first := v.place(body)
	if err := v.e.Fill(first, dec("1"), nil); err != nil {
		t.Fatal(err)
	}
	body["price"] = "0.55"
	r := v.do("PUT", orderPath(first), body).wantStatus(http.StatusOK)
	r.wantEqual("data.size", float64(1))
	r.wantEqual("data.legs.0.quantity", float64(1))
	r.wantEqual("data.legs.1.quantity", float64(2))
	r.wantEqual("data.legs.1.remaining-quantity", float64(2))
}
