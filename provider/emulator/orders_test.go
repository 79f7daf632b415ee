package emulator

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

var isoShape = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$`)

func TestPlaceOrder(t *testing.T) {
	v := newEnv(t)
	body := limitOrder("AAPL", "Sell to Close", 10, "200.00")
	body["source"] = "ttplan/0.1"
	body["external-identifier"] = "ttplan:default:order.tp:1"
	body["advanced-instructions"] = map[string]any{"strict-position-effect-validation": true}

	r := v.do("POST", ordersPath(""), body).wantStatus(http.StatusCreated)
	r.wantEqual("context", ordersPath(""))
	r.wantEqual("data.order.id", float64(firstOrderID))
	r.wantEqual("data.order.status", "Routed")
	r.wantEqual("data.order.price", "200.0")
	r.wantEqual("data.order.price-effect", "Credit")
	r.wantEqual("data.order.size", float64(10))
	r.wantEqual("data.order.source", "ttplan/0.1")
	r.wantEqual("data.order.external-identifier", "ttplan:default:order.tp:1")
	r.wantEqual("data.order.advanced-instructions", map[string]any{"strict-position-effect-validation": true})
	r.wantEqual("data.order.updated-at", float64(testNow.UnixMilli()))
	r.wantEqual("data.warnings", []any{})
	if !isoShape.MatchString(r.str("data.order.received-at")) {
		t.Errorf("received-at = %q, want ISO with millis and offset", r.str("data.order.received-at"))
	}
	for _, absent := range []string{"live-at", "terminal-at", "gtc-date", "value", "stop-trigger", "replaces-order-id"} {
		if r.has("data.order." + absent) {
			t.Errorf("placed order has %s: %s", absent, r.raw)
		}
	}
	if !r.has("data.buying-power-effect.change-in-buying-power") || !r.has("data.fee-calculation.total-fees") {
		t.Errorf("placed response lacks effects: %s", r.raw)
	}

	g := v.getOrder(firstOrderID)
	g.wantEqual("data.status", "Live")
	g.wantEqual("data.cancellable", true)
	g.wantEqual("data.editable", true)
	g.wantEqual("data.live-at", "2026-06-10T14:00:00.000+00:00")
	g.wantEqual("data.external-identifier", "ttplan:default:order.tp:1")
	g.wantEqual("data.legs", []any{map[string]any{"instrument-type": "Equity", "symbol": "AAPL",
		"quantity": float64(10), "remaining-quantity": float64(10), "action": "Sell to Close", "fills": []any{}}})

	if second := v.place(limitOrder("SPY", "Buy to Open", 1, "100")); second != firstOrderID+1 {
		t.Errorf("second id = %d, want %d", second, firstOrderID+1)
	}
}

func TestGetOrderNotFound(t *testing.T) {
	v := newEnv(t)
	v.do("GET", ordersPath("/999"), nil).wantError(http.StatusNotFound, "record_not_found")
	v.do("GET", ordersPath("/abc"), nil).wantError(http.StatusNotFound, "record_not_found")

	id := v.place(limitOrder("SPY", "Buy to Open", 1, "100"))
	v.do("GET", fmt.Sprintf("/accounts/%s/orders/%d", DemoCashAccount, id), nil).
		wantError(http.StatusNotFound, "record_not_found")
}

func TestDryRun(t *testing.T) {
	v := newEnv(t)
	body := limitOrder("AAPL", "Buy to Open", 2, "1.50")
	body["legs"] = legs(optLeg(call200, "Buy to Open", 2))
	body["external-identifier"] = "x-1"

	r := v.do("POST", ordersPath("/dry-run"), body).wantStatus(http.StatusCreated)
	r.wantEqual("data.order.status", "Received")
	r.wantEqual("data.order.updated-at", float64(0))
	r.wantEqual("data.order.external-identifier", "x-1")
	r.wantEqual("data.order.underlying-symbol", "AAPL")
	r.wantEqual("data.order.underlying-instrument-type", "Equity")
	r.wantEqual("data.fee-calculation.commission", "2.0")
	r.wantEqual("data.fee-calculation.commission-effect", "Debit")
	r.wantEqual("data.buying-power-effect.change-in-margin-requirement", "300.0")
	r.wantEqual("data.buying-power-effect.current-buying-power", "100000.0")
	if r.has("data.order.id") {
		t.Errorf("dry-run order has an id: %s", r.raw)
	}

	v.do("GET", ordersPath("/live"), nil).wantEqual("data.items", []any{})
	if id := v.place(limitOrder("SPY", "Buy to Open", 1, "100")); id != firstOrderID {
		t.Errorf("dry run used an id: next id = %d", id)
	}
}

func TestDryRunFailureCarriesData(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", ordersPath("/dry-run"), limitOrder("AAPL", "Buy to Open", 1000, "150"))
	r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
	r.wantEqual("error.errors", []any{map[string]any{"code": "margin_check_failed",
		"message": "Account does not have sufficient buying power available for this order."}})
	r.wantEqual("data.buying-power-effect.change-in-buying-power", "150000.8")
	r.wantEqual("data.buying-power-effect.new-buying-power-effect", "Debit")
}

func TestWorkingOrdersHoldBuyingPower(t *testing.T) {
	v := newEnv(t)
	v.place(limitOrder("AAPL", "Buy to Open", 400, "150")) // holds 60000
	v.do("POST", ordersPath(""), limitOrder("SPY", "Buy to Open", 300, "150")).
		wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
	v.place(limitOrder("SPY", "Buy to Open", 200, "150"))
	v.do("GET", "/accounts/"+DemoAccount+"/balances", nil).wantEqual("data.equity-buying-power", "10000.0")
}

func TestClosingWithoutPosition(t *testing.T) {
	v := newEnv(t)
	strict := map[string]any{"strict-position-effect-validation": true}
	tests := []struct {
		name       string
		symbol     string
		qty        int
		advanced   any
		wantAction string // "" means refused
	}{
		{"no position converts", "MSFT", 1, nil, "Sell to Open"},
		{"too small a position converts", "AAPL", 60, nil, "Sell to Open"},
		{"enough position closes", "AAPL", 50, strict, "Sell to Close"},
		{"strict refuses no position", "MSFT", 1, strict, ""},
		{"strict refuses too small", "AAPL", 60, strict, ""},
		{"strict false converts", "MSFT", 1, map[string]any{"strict-position-effect-validation": false}, "Sell to Open"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			body := limitOrder(tt.symbol, "Sell to Close", tt.qty, "100")
			if tt.advanced != nil {
				body["advanced-instructions"] = tt.advanced
			}
			r := v.do("POST", ordersPath("/dry-run"), body)
			if tt.wantAction == "" {
				r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
				r.wantEqual("error.errors.0.code", codePositionEffect)
				return
			}
			r.wantStatus(http.StatusCreated).wantEqual("data.order.legs.0.action", tt.wantAction)
		})
	}

	id := v.place(limitOrder("MSFT", "Buy to Close", 1, "100"))
	v.getOrder(id).wantEqual("data.legs.0.action", "Buy to Open")
}

func TestOrderShapesByInstrument(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name       string
		body       map[string]any
		underlying string
		undType    string
		size       any
	}{
		{"notional equity", map[string]any{"order-type": "Notional Market", "time-in-force": "Day",
			"value": "10", "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))}, "AAPL", "Equity", nil},
		{"future", map[string]any{"order-type": "Limit", "time-in-force": "GTC", "price": "5000.25",
			"price-effect": "Debit", "legs": []any{map[string]any{"instrument-type": "Future", "symbol": "/ESZ6",
				"action": "Buy", "quantity": 2}}}, "/ESZ6", "Future", float64(2)},
		{"future option", map[string]any{"order-type": "Limit", "time-in-force": "GTC", "price": "12.25",
			"price-effect": "Debit", "legs": []any{map[string]any{"instrument-type": "Future Option",
				"symbol": "./ESZ6 EW4Z6 261218C5000", "action": "Buy to Open", "quantity": 1}}}, "/ESZ6", "Future", float64(1)},
		{"crypto", map[string]any{"order-type": "Limit", "time-in-force": "GTC", "price": "60000.00",
			"price-effect": "Debit", "legs": []any{map[string]any{"instrument-type": "Cryptocurrency",
				"symbol": "BTC/USD", "action": "Buy to Open", "quantity": "0.0005"}}}, "BTC/USD", "Cryptocurrency", 0.0005},
		{"ratio spread", map[string]any{"order-type": "Limit", "time-in-force": "Day", "price": "0.50",
			"price-effect": "Credit", "legs": legs(optLeg(call200, "Buy to Open", 2), optLeg(call210, "Sell to Open", 4))},
			"AAPL", "Equity", float64(2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", ordersPath(""), tt.body).wantStatus(http.StatusCreated)
			r.wantEqual("data.order.underlying-symbol", tt.underlying)
			r.wantEqual("data.order.underlying-instrument-type", tt.undType)
			r.wantEqual("data.order.size", tt.size)
		})
	}
}

func TestNotionalOrderEcho(t *testing.T) {
	v := newEnv(t)
	id := v.place(map[string]any{"order-type": "Notional Market", "time-in-force": "Day",
		"value": 10, "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))})
	r := v.getOrder(id)
	r.wantEqual("data.value", "10.0")
	r.wantEqual("data.value-effect", "Debit")
	if r.has("data.legs.0.quantity") || r.has("data.size") || r.has("data.price") {
		t.Errorf("notional order shows a quantity or price: %s", r.raw)
	}
}

func TestSpreadBuyingPower(t *testing.T) {
	v := newEnv(t)
	tests := []struct {
		name   string
		effect string
		want   string
	}{
		{"credit needs the width", "Credit", "5000.0"},
		{"debit needs the debit", "Debit", "100.0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", ordersPath("/dry-run"), map[string]any{"order-type": "Limit", "time-in-force": "Day",
				"price": "1.00", "price-effect": tt.effect, "legs": legs(
					optLeg("SPXW  261218P05000000", "Sell to Open", 1), optLeg("SPXW  261218P04950000", "Buy to Open", 1))})
			r.wantStatus(http.StatusCreated)
			r.wantEqual("data.buying-power-effect.change-in-margin-requirement", tt.want)
			r.wantEqual("data.buying-power-effect.is-spread", true)
			r.wantEqual("data.fee-calculation.proprietary-index-option-fees", "1.3")
			r.wantEqual("data.order.underlying-symbol", "SPX")
		})
	}
}
