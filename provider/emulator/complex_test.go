package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func complexPath(suffix string) string {
	return "/accounts/" + DemoAccount + "/complex-orders" + suffix
}

// strict turns on strict-position-effect-validation in body.
func strict(body map[string]any) map[string]any {
	body["advanced-instructions"] = map[string]any{"strict-position-effect-validation": true}
	return body
}

// stopOrder is a one-leg GTC stop order body.
func stopOrder(symbol, action string, qty any, trigger string) map[string]any {
	return map[string]any{"time-in-force": "GTC", "order-type": "Stop", "stop-trigger": trigger,
		"legs": legs(eqLeg(symbol, action, qty))}
}

// ocoBody is a take-profit and a stop-loss on the 50 AAPL the demo
// account holds.
func ocoBody() map[string]any {
	tp := strict(limitOrder("AAPL", "Sell to Close", 50, "250.00"))
	tp["external-identifier"] = "oco-tp"
	sl := strict(stopOrder("AAPL", "Sell to Close", 50, "180.00"))
	sl["external-identifier"] = "oco-sl"
	return map[string]any{"type": "OCO", "source": "ttplan/test", "orders": []any{tp, sl}}
}

// otocoBody buys 10 MSFT and brackets the position it opens.
func otocoBody() map[string]any {
	entry := limitOrder("MSFT", "Buy to Open", 10, "400.00")
	entry["external-identifier"] = "otoco-entry"
	tp := strict(limitOrder("MSFT", "Sell to Close", 10, "450.00"))
	tp["external-identifier"] = "otoco-tp"
	sl := strict(stopOrder("MSFT", "Sell to Close", 10, "380.00"))
	sl["external-identifier"] = "otoco-sl"
	return map[string]any{"type": "OTOCO", "source": "ttplan/test", "trigger-order": entry,
		"orders": []any{tp, sl}}
}

// otoBody buys 10 MSFT and then places one closing limit.
func otoBody() map[string]any {
	return map[string]any{"type": "OTO", "source": "ttplan/test",
		"trigger-order": limitOrder("MSFT", "Buy to Open", 10, "400.00"),
		"orders":        []any{strict(limitOrder("MSFT", "Sell to Close", 10, "450.00"))}}
}

// placed is a placed complex order: its id and its components' ids, the
// trigger first.
type placed struct {
	id  int64
	ids []int64
}

func (v *env) placeComplex(body map[string]any) placed {
	v.t.Helper()
	r := v.do("POST", complexPath(""), body).wantStatus(http.StatusCreated)
	p := placed{id: r.orderID("data.complex-order.id")}
	if r.has("data.complex-order.trigger-order") {
		p.ids = append(p.ids, r.orderID("data.complex-order.trigger-order.id"))
	}
	orders, _ := r.at("data.complex-order.orders").([]any)
	for i := range orders {
		p.ids = append(p.ids, r.orderID(fmt.Sprintf("data.complex-order.orders.%d.id", i)))
	}
	return p
}

// wantStatuses checks the stored status of each order.
func (v *env) wantStatuses(ids []int64, want ...string) {
	v.t.Helper()
	var got []string
	for _, id := range ids {
		got = append(got, v.getOrder(id).str("data.status"))
	}
	if diff := cmp.Diff(want, got); diff != "" {
		v.t.Errorf("statuses of %v mismatch (-want +got):\n%s", ids, diff)
	}
}

func TestPlaceComplexOrder(t *testing.T) {
	tests := []struct {
		name     string
		body     map[string]any
		trigger  bool
		tags     []string
		placed   []string // statuses in the answer
		stored   []string // statuses read back
		external []any
	}{
		{"OCO", ocoBody(), false, []string{"OCO::order", "OCO::order"},
			[]string{"Routed", "Routed"}, []string{"Live", "Live"}, []any{"oco-tp", "oco-sl"}},
		{"OTOCO", otocoBody(), true,
			[]string{"OTOCO::trigger-order", "OTOCO::oco-1-order", "OTOCO::oco-2-order"},
			[]string{"Routed", "Contingent", "Contingent"}, []string{"Live", "Contingent", "Contingent"},
			[]any{"otoco-entry", "otoco-tp", "otoco-sl"}},
		{"OTO", otoBody(), true, []string{"OTO::trigger-order", "OTO::order"},
			[]string{"Routed", "Contingent"}, []string{"Live", "Contingent"}, []any{nil, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := newEnv(t)
			r := v.do("POST", complexPath(""), tt.body).wantStatus(http.StatusCreated)
			r.wantEqual("context", complexPath(""))
			r.wantEqual("data.complex-order.id", float64(firstComplexID))
			r.wantEqual("data.complex-order.type", tt.name)
			r.wantEqual("data.complex-order.account-number", DemoAccount)
			r.wantEqual("data.complex-order.related-orders", []any{})
			r.wantEqual("data.warnings", []any{})
			if !r.has("data.buying-power-effect.new-buying-power") || !r.has("data.fee-calculation.total-fees") {
				t.Errorf("answer lacks effects: %s", r.raw)
			}
			if got := r.has("data.complex-order.trigger-order"); got != tt.trigger {
				t.Errorf("has trigger-order = %v, want %v: %s", got, tt.trigger, r.raw)
			}

			var components []string
			if tt.trigger {
				components = append(components, "data.complex-order.trigger-order")
			}
			for i := range len(tt.tags) - len(components) {
				components = append(components, fmt.Sprintf("data.complex-order.orders.%d", i))
			}
			var ids []int64
			for i, path := range components {
				r.wantEqual(path+".complex-order-id", float64(firstComplexID))
				r.wantEqual(path+".complex-order-tag", tt.tags[i])
				r.wantEqual(path+".preflight-id", float64(i))
				r.wantEqual(path+".status", tt.placed[i])
				ids = append(ids, r.orderID(path+".id"))
			}
			v.wantStatuses(ids, tt.stored...)

			// Components are ordinary orders on every read, with their
			// complex fields.
			live := v.do("GET", ordersPath("/live"), nil).wantStatus(http.StatusOK)
			search := v.do("GET", ordersPath("?sort=Asc"), nil).wantStatus(http.StatusOK)
			for _, list := range []resp{live, search} {
				list.wantIDs(ids...)
				for i := range ids {
					item := fmt.Sprintf("data.items.%d.", i)
					list.wantEqual(item+"complex-order-id", float64(firstComplexID))
					list.wantEqual(item+"complex-order-tag", tt.tags[i])
					list.wantEqual(item+"external-identifier", tt.external[i])
					list.wantEqual(item+"source", "ttplan/test")
				}
			}
			if tt.trigger {
				g := v.getOrder(ids[1])
				g.wantEqual("data.contingent-status", "Pending Order")
				g.wantEqual("data.cancellable", false)
				g.wantEqual("data.editable", false)
			}
			g := v.getOrder(ids[0])
			g.wantEqual("data.editable", true)
			g.wantEqual("data.cancellable", false)

			c := v.do("GET", complexPath(fmt.Sprintf("/%d", firstComplexID)), nil).wantStatus(http.StatusOK)
			c.wantEqual("data.type", tt.name)
			c.wantEqual("data.orders.0.status", tt.stored[boolInt(tt.trigger)])
		})
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestComplexShapeErrors(t *testing.T) {
	v := newEnv(t)
	with := func(body map[string]any, k string, val any) map[string]any {
		if val == nil {
			delete(body, k)
		} else {
			body[k] = val
		}
		return body
	}
	one := func(body map[string]any) []any { return body["orders"].([]any)[:1] }
	three := func(body map[string]any) []any {
		o := body["orders"].([]any)
		return append(append([]any{}, o...), o[0])
	}
	tests := []struct {
		name string
		body map[string]any
		want []string
	}{
		{"OCO with a trigger", with(ocoBody(), "trigger-order", limitOrder("AAPL", "Buy to Open", 1, "150")),
			[]string{"trigger-order"}},
		{"OCO with one order", with(ocoBody(), "orders", one(ocoBody())), []string{"orders"}},
		{"OCO with three orders", with(ocoBody(), "orders", three(ocoBody())), []string{"orders"}},
		{"OTOCO without trigger", with(otocoBody(), "trigger-order", nil), []string{"trigger-order"}},
		{"OTOCO with one order", with(otocoBody(), "orders", one(otocoBody())), []string{"orders"}},
		{"OTO without trigger", with(otoBody(), "trigger-order", nil), []string{"trigger-order"}},
		{"OTO without orders", with(otoBody(), "orders", []any{}), []string{"orders"}},
		{"OTO with four orders", with(otoBody(), "orders", []any{otoBody()["orders"].([]any)[0],
			limitOrder("MSFT", "Sell to Close", 1, "451"), limitOrder("MSFT", "Sell to Close", 1, "452"),
			limitOrder("MSFT", "Sell to Close", 1, "453")}), []string{"orders"}},
		{"no type", with(ocoBody(), "type", nil), []string{"type"}},
		{"lower case type", with(ocoBody(), "type", "oco"), []string{"type"}},
		{"PAIRS", with(ocoBody(), "type", "PAIRS"), []string{"type"}},
		{"bad component field", with(otocoBody(), "trigger-order", aapl(map[string]any{"order-type": "limit"})),
			[]string{"trigger-order.order-type"}},
		{"bad order field", with(ocoBody(), "orders", []any{ocoBody()["orders"].([]any)[0],
			aapl(map[string]any{"legs": nil})}), []string{"orders[1].legs"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			for _, path := range []string{complexPath(""), complexPath("/dry-run")} {
				r := v.do("POST", path, tt.body).wantError(http.StatusBadRequest, "validation_error")
				if diff := cmp.Diff(tt.want, r.errorCodes()); diff != "" {
					t.Errorf("%s: error domains mismatch (-want +got):\n%s", path, diff)
				}
			}
			v.do("GET", ordersPath("/live"), nil).wantIDs()
		})
	}
}

func TestComplexPreflightRefusesTheWhole(t *testing.T) {
	v := newEnv(t)
	openingOCO := ocoBody()
	openingOCO["orders"].([]any)[1] = limitOrder("SPY", "Buy to Open", 1, "100.00")
	noPosition := ocoBody()
	noPosition["orders"].([]any)[0] = strict(limitOrder("MSFT", "Sell to Close", 5, "500.00"))
	offTick := otocoBody()
	offTick["orders"].([]any)[1].(map[string]any)["stop-trigger"] = "380.005"
	tooBig := otoBody()
	tooBig["trigger-order"] = limitOrder("AAPL", "Buy to Open", 400, "150.00") // holds 60000
	tooBig["orders"] = []any{limitOrder("SPY", "Buy to Open", 300, "150.00")}  // needs 45000 more
	unbacked := otocoBody()
	unbacked["trigger-order"].(map[string]any)["legs"] = legs(eqLeg("MSFT", "Buy to Open", 5))

	tests := []struct {
		name string
		body map[string]any
		want []any // {code, preflight-id} pairs
	}{
		{"OCO order that opens", openingOCO, []any{codeOCONotClosing, 1}},
		{"OCO without a position, strict", noPosition, []any{codePositionEffect, 0}},
		{"component off tick", offTick, []any{codePriceIncrement, 2}},
		{"buying power counted across components", tooBig, []any{codeMargin, 1}},
		{"pair closes more than the trigger opens", unbacked,
			[]any{codePositionEffect, 1, codePositionEffect, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", complexPath(""), tt.body)
			r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
			if diff := cmp.Diff(tt.want, codesAndIDs(r)); diff != "" {
				t.Errorf("preflight failures mismatch (-want +got):\n%s", diff)
			}
			v.do("GET", ordersPath("/live"), nil).wantIDs()

			d := v.do("POST", complexPath("/dry-run"), tt.body)
			d.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
			if !d.has("data.buying-power-effect.change-in-buying-power") || !d.has("data.fee-calculation.total-fees") {
				t.Errorf("failed dry run lacks data: %s", d.raw)
			}
		})
	}
	if id := v.placeComplex(ocoBody()).id; id != firstComplexID {
		t.Errorf("refused complex orders used ids: first id = %d", id)
	}
}

func codesAndIDs(r resp) []any {
	var out []any
	items, _ := r.at("error.errors").([]any)
	for _, it := range items {
		m := it.(map[string]any)
		id, _ := m["preflight-id"].(float64)
		out = append(out, m["code"], int(id))
	}
	return out
}

func TestDryRunComplexOrder(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", complexPath("/dry-run"), otocoBody()).wantStatus(http.StatusCreated)
	r.wantEqual("data.complex-order.type", "OTOCO")
	r.wantEqual("data.complex-order.trigger-order.status", "Received")
	r.wantEqual("data.complex-order.orders.1.complex-order-tag", "OTOCO::oco-2-order")
	// The trigger holds 4000; each component pays 0.008 of clearing, and
	// the two sells 0.125 (at 450) and 0.106 (at 380) of SEC fees.
	r.wantEqual("data.buying-power-effect.change-in-buying-power", "4000.255")
	r.wantEqual("data.buying-power-effect.new-buying-power", "95999.745")
	r.wantEqual("data.buying-power-effect.new-buying-power-effect", "Credit")
	r.wantEqual("data.fee-calculation.total-fees", "0.255")
	for _, absent := range []string{"data.complex-order.id", "data.complex-order.trigger-order.id"} {
		if r.has(absent) {
			t.Errorf("dry run has %s: %s", absent, r.raw)
		}
	}
	v.do("GET", ordersPath("/live"), nil).wantIDs()
}

func TestTriggerFillReleasesContingentOrders(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(otocoBody())
	entry, tp, sl := p.ids[0], p.ids[1], p.ids[2]

	if err := v.e.Fill(tp, nil, nil); !errors.Is(err, ErrNotLive) {
		t.Errorf("Fill() of a Contingent order error = %v, want ErrNotLive", err)
	}

	// A partial fill of the trigger releases nothing.
	if err := v.e.Fill(entry, dec("4"), nil); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Live", "Contingent", "Contingent")

	v.advance(time.Minute)
	if err := v.e.Fill(entry, nil, nil); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Filled", "Live", "Live")
	g := v.getOrder(tp)
	g.wantEqual("data.live-at", "2026-06-10T14:01:00.000+00:00")
	g.wantEqual("data.editable", true)
	if g.has("data.contingent-status") {
		t.Errorf("released order keeps contingent-status: %s", g.raw)
	}

	// The pair: the take-profit fills, the stop-loss is cancelled.
	if err := v.e.Fill(tp, nil, nil); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Filled", "Filled", "Cancelled")
	if got := v.position("MSFT"); got != nil {
		t.Errorf("MSFT position = %v, want none", got)
	}
	c := v.do("GET", complexPath(fmt.Sprintf("/%d", p.id)), nil).wantStatus(http.StatusOK)
	c.wantEqual("data.terminal-at", "2026-06-10T14:01:00.000+00:00")
	v.getOrder(sl).wantEqual("data.cancelled-at", "2026-06-10T14:01:00.000+00:00")
}

func TestOCOFillCancelsSibling(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(ocoBody())
	tp, sl := p.ids[0], p.ids[1]

	// A partial fill leaves the sibling working, unchanged.
	if err := v.e.Fill(sl, dec("20"), dec("180")); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Live", "Live")
	v.getOrder(tp).wantEqual("data.legs.0.remaining-quantity", float64(50))

	if err := v.e.Fill(sl, nil, dec("180")); err != nil {
		t.Fatalf("Fill() error = %v", err)
	}
	v.wantStatuses(p.ids, "Cancelled", "Filled")
}

func TestTriggerEndCancelsContingentOrders(t *testing.T) {
	t.Run("cancelled in the app", func(t *testing.T) {
		v := newEnv(t)
		p := v.placeComplex(otocoBody())
		if err := v.e.Cancel(p.ids[0]); err != nil {
			t.Fatalf("Cancel() error = %v", err)
		}
		v.wantStatuses(p.ids, "Cancelled", "Cancelled", "Cancelled")
	})
	t.Run("day trigger expires", func(t *testing.T) {
		v := newEnv(t)
		body := otocoBody()
		body["trigger-order"].(map[string]any)["time-in-force"] = "Day"
		p := v.placeComplex(body)

		v.advance(7 * time.Hour) // past the close
		// Reading a contingent order first still sees its trigger's end.
		r := v.getOrder(p.ids[2])
		r.wantEqual("data.status", "Cancelled")
		r.wantEqual("data.terminal-at", "2026-06-10T20:00:00.000+00:00")
		v.wantStatuses(p.ids, "Expired", "Cancelled", "Cancelled")
	})
}

func TestCancelComplexOrder(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(otocoBody())
	path := complexPath(fmt.Sprintf("/%d", p.id))

	r := v.do("DELETE", path, nil).wantStatus(http.StatusOK)
	r.wantEqual("data.id", float64(p.id))
	r.wantEqual("data.trigger-order.status", "Cancel Requested")
	r.wantEqual("data.orders.0.status", "Cancel Requested")
	r.wantEqual("data.orders.1.status", "Cancel Requested")
	v.wantStatuses(p.ids, "Cancelled", "Cancelled", "Cancelled")

	v.do("DELETE", path, nil).wantError(http.StatusUnprocessableEntity, "cannot_update_order")
	v.do("DELETE", complexPath(fmt.Sprintf("/%d", p.ids[0])), nil).wantError(http.StatusNotFound, "record_not_found")
	v.do("GET", fmt.Sprintf("/accounts/%s/complex-orders/%d", DemoCashAccount, p.id), nil).
		wantError(http.StatusNotFound, "record_not_found")

	// Only what still works is cancelled; a filled order stays filled.
	q := v.placeComplex(otocoBody())
	if err := v.e.Fill(q.ids[0], nil, nil); err != nil {
		t.Fatal(err)
	}
	r = v.do("DELETE", complexPath(fmt.Sprintf("/%d", q.id)), nil).wantStatus(http.StatusOK)
	r.wantEqual("data.trigger-order.status", "Filled")
	r.wantEqual("data.orders.0.status", "Cancel Requested")
	v.wantStatuses(q.ids, "Filled", "Cancelled", "Cancelled")
}

func TestComponentsRefusePlainCancel(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(ocoBody())
	r := v.do("DELETE", orderPath(p.ids[0]), nil).wantError(http.StatusUnprocessableEntity, "cannot_update_order")
	want := fmt.Sprintf("Order %d is the OCO::order of complex order %d; cancel the complex order "+
		"instead: DELETE /accounts/%s/complex-orders/%d.", p.ids[0], p.id, DemoAccount, p.id)
	r.wantEqual("error.message", want)
	v.wantStatuses(p.ids, "Live", "Live")
}

func TestReplaceComponent(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(ocoBody())
	tp, sl := p.ids[0], p.ids[1]

	body := strict(limitOrder("AAPL", "Sell to Close", 50, "240.00"))
	r := v.do("PUT", orderPath(tp), body).wantStatus(http.StatusOK)
	next := r.orderID("data.id")
	r.wantEqual("data.complex-order-id", float64(p.id))
	r.wantEqual("data.complex-order-tag", "OCO::order")
	r.wantEqual("data.replaces-order-id", float64(tp))

	c := v.do("GET", complexPath(fmt.Sprintf("/%d", p.id)), nil).wantStatus(http.StatusOK)
	c.wantEqual("data.orders.0.id", float64(next))
	c.wantEqual("data.related-orders", []any{map[string]any{"id": float64(tp),
		"complex-order-id": float64(p.id), "complex-order-tag": "OCO::order",
		"replacing-order-id": float64(next), "status": "Cancelled"}})

	// The replacement is still the stop-loss's sibling.
	if err := v.e.Fill(next, nil, nil); err != nil {
		t.Fatal(err)
	}
	v.wantStatuses([]int64{tp, next, sl}, "Cancelled", "Filled", "Cancelled")
}

func TestReplaceContingentRefused(t *testing.T) {
	v := newEnv(t)
	p := v.placeComplex(otocoBody())
	body := strict(limitOrder("MSFT", "Sell to Close", 10, "460.00"))
	for _, path := range []string{orderPath(p.ids[1]), orderPath(p.ids[1]) + "/dry-run"} {
		method := "PUT"
		if path != orderPath(p.ids[1]) {
			method = "POST"
		}
		r := v.do(method, path, body).wantError(http.StatusUnprocessableEntity, "cannot_update_order")
		r.wantEqual("error.message", fmt.Sprintf("Order %d is Contingent: it waits for the trigger of "+
			"complex order %d to fill and cannot be edited until it is Live. Cancel the complex "+
			"order to withdraw it.", p.ids[1], p.id))
	}
	v.wantStatuses(p.ids, "Live", "Contingent", "Contingent")
}
