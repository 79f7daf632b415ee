package emulator

import (
	"errors"
	"net/http"
	"testing"
	"time"
)

func TestMarketOpenByDefault(t *testing.T) {
	v := newEnv(t)
	v.advance(10 * time.Hour) // Wednesday 20:00 in New York: the clock does not close it
	if open, err := v.e.MarketOpen(); err != nil || !open {
		t.Fatalf("MarketOpen() = %v, %v; want true", open, err)
	}
	id := v.place(limitOrder("AAPL", "Buy to Open", 1, "150"))
	v.getOrder(id).wantEqual("data.status", "Live")
}

func TestMarketClosedOrdersWaitReceived(t *testing.T) {
	v := newEnv(t)
	if err := v.e.SetMarket(false); err != nil {
		t.Fatalf("SetMarket(false) error = %v", err)
	}
	warnings := []any{map[string]any{"code": "tif_next_valid_sesssion",
		"message": "Your order will begin working during next valid session."}}

	d := v.do("POST", ordersPath("/dry-run"), limitOrder("AAPL", "Buy to Open", 1, "150"))
	d.wantStatus(http.StatusCreated)
	d.wantEqual("data.warnings", warnings)

	r := v.do("POST", ordersPath(""), limitOrder("AAPL", "Buy to Open", 1, "150")).wantStatus(http.StatusCreated)
	r.wantEqual("data.order.status", "Received")
	r.wantEqual("data.warnings", warnings)
	id := r.orderID("data.order.id")

	g := v.getOrder(id)
	g.wantEqual("data.status", "Received")
	g.wantEqual("data.cancellable", true)
	g.wantEqual("data.editable", true)
	if g.has("data.live-at") {
		t.Errorf("Received order has live-at: %s", g.raw)
	}
	v.do("GET", ordersPath("/live"), nil).wantIDs(id)
	if err := v.e.Fill(id, nil, nil); !errors.Is(err, ErrNotLive) {
		t.Errorf("Fill() of a Received order error = %v, want ErrNotLive", err)
	}

	// A complex order's trigger waits too; its orders stay Contingent.
	p := v.placeComplex(otocoBody())
	v.wantStatuses(p.ids, "Received", "Contingent", "Contingent")

	v.advance(time.Hour)
	if err := v.e.SetMarket(true); err != nil {
		t.Fatalf("SetMarket(true) error = %v", err)
	}
	g = v.getOrder(id)
	g.wantEqual("data.status", "Live")
	g.wantEqual("data.live-at", "2026-06-10T15:00:00.000+00:00")
	v.wantStatuses(p.ids, "Live", "Contingent", "Contingent")
}

func TestMarketClosedTriggerFillReleasesReceived(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(otocoBody())
	if err := v.e.SetMarket(false); err != nil {
		t.Fatal(err)
	}
	if err := v.e.Fill(p.ids[0], nil, nil); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Filled", "Received", "Received")
	if err := v.e.SetMarket(true); err != nil {
		t.Fatal(err)
	}
	v.wantStatuses(p.ids, "Filled", "Live", "Live")
}

func TestMarketHook(t *testing.T) {
	v := newEnv(t)
	v.do("POST", "/_emulator/market", map[string]any{"open": false}).wantEqual("open", false)
	v.do("GET", "/_emulator/market", nil).wantEqual("open", false)
	id := v.place(limitOrder("AAPL", "Buy to Open", 1, "150"))
	v.getOrder(id).wantEqual("data.status", "Received")

	v.do("POST", "/_emulator/market", map[string]any{"open": true}).wantEqual("open", true)
	v.getOrder(id).wantEqual("data.status", "Live")
	v.do("POST", "/_emulator/market", map[string]any{}).wantError(http.StatusBadRequest, "validation_error")

	// Reset opens the market again.
	v.do("POST", "/_emulator/market", map[string]any{"open": false}).wantStatus(http.StatusOK)
	if err := v.e.Reset(); err != nil {
		t.Fatal(err)
	}
	v.do("GET", "/_emulator/market", nil).wantEqual("open", true)
}

// A Day order released by its trigger's fill, days after the complex
// order was placed and while the market is closed, waits in Received:
// its day begins when it is released, not when the bracket was placed.
func TestReleasedDayOrderDoesNotExpireAtOnce(t *testing.T) {
	v := newEnv(t)
	body := otocoBody()
	tp := body["orders"].([]any)[0].(map[string]any)
	tp["time-in-force"] = "Day"
	p := v.placeComplex(body)
	v.advance(72 * time.Hour)
	if err := v.e.SetMarket(false); err != nil {
		t.Fatal(err)
	}
	if err := v.e.Fill(p.ids[0], nil, nil); err != nil {
		t.Fatal(err)
	}
	v.wantStatuses(p.ids, "Filled", "Received", "Received")
}
