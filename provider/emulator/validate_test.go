package emulator

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// aapl builds a body from a base GTC limit buy of 1 AAPL at 150 with
// changes applied: a nil value deletes the key.
func aapl(changes map[string]any) map[string]any {
	body := limitOrder("AAPL", "Buy to Open", 1, "150.00")
	for k, v := range changes {
		if v == nil {
			delete(body, k)
		} else {
			body[k] = v
		}
	}
	return body
}

func legs(ls ...map[string]any) []any {
	out := []any{}
	for _, l := range ls {
		out = append(out, l)
	}
	return out
}

func eqLeg(symbol, action string, qty any) map[string]any {
	l := map[string]any{"instrument-type": "Equity", "symbol": symbol, "action": action}
	if qty != nil {
		l["quantity"] = qty
	}
	return l
}

func optLeg(symbol, action string, qty any) map[string]any {
	return map[string]any{"instrument-type": "Equity Option", "symbol": symbol, "action": action, "quantity": qty}
}

const (
	call200 = "AAPL  261218C00200000"
	call210 = "AAPL  261218C00210000"
	call220 = "AAPL  261218C00220000"
	call230 = "AAPL  261218C00230000"
	call240 = "AAPL  261218C00240000"
)

func TestPreflightRules(t *testing.T) {
	v := newEnv(t)
	market := map[string]any{"order-type": "Market", "time-in-force": "Day", "price": nil, "price-effect": nil}
	notional := map[string]any{"order-type": "Notional Market", "time-in-force": "Day", "price": nil,
		"price-effect": nil, "value": "10", "value-effect": "Debit", "legs": legs(eqLeg("AAPL", "Buy to Open", nil))}
	with := func(base map[string]any, changes map[string]any) map[string]any {
		out := map[string]any{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range changes {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name string
		body map[string]any
		want []string // nil: accepted
	}{
		{"limit accepted", aapl(nil), nil},
		{"limit without price", aapl(map[string]any{"price": nil}), []string{codePriceRequired}},
		{"limit without effect", aapl(map[string]any{"price-effect": nil}), []string{codePriceEffectRequired}},
		{"limit with stop trigger", aapl(map[string]any{"stop-trigger": "140"}), []string{codeStopNotAllowed}},
		{"market accepted", aapl(market), nil},
		{"market with price", aapl(with(market, map[string]any{"price": "150", "price-effect": "Debit"})),
			[]string{codePriceNotAllowed, codePriceNotAllowed}},
		{"market gtc", aapl(with(market, map[string]any{"time-in-force": "GTC"})), []string{codeGTCMarket}},
		{"market gtd", aapl(with(market, map[string]any{"time-in-force": "GTD", "gtc-date": "2026-07-01"})),
			[]string{codeGTCMarket}},
		{"market two legs", aapl(with(market, map[string]any{"legs": legs(
			optLeg(call200, "Buy to Open", 1), optLeg(call210, "Sell to Open", 1))})), []string{codeTooManyLegs}},
		{"stop without trigger", aapl(map[string]any{"order-type": "Stop", "time-in-force": "Day", "price": nil}),
			[]string{codeStopRequired}},
		{"stop with price", aapl(map[string]any{"order-type": "Stop", "time-in-force": "Day", "stop-trigger": "160"}),
			[]string{codePriceNotAllowed}},
		{"opening gtc stop", aapl(map[string]any{"order-type": "Stop", "price": nil, "stop-trigger": "160"}),
			[]string{codeGTCOpeningStop}},
		{"closing gtc stop accepted", aapl(map[string]any{"order-type": "Stop", "price": nil, "stop-trigger": "140",
			"price-effect": "Credit", "legs": legs(eqLeg("AAPL", "Sell to Close", 10))}), nil},
		{"stop limit needs everything", aapl(map[string]any{"order-type": "Stop Limit", "time-in-force": "Day",
			"price": nil, "price-effect": nil}), []string{codePriceRequired, codePriceEffectRequired, codeStopRequired}},
		{"notional accepted", aapl(notional), nil},
		{"notional with quantity", aapl(with(notional, map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", 1))})),
			[]string{codeQuantityNotAllowed}},
		{"notional without value", aapl(with(notional, map[string]any{"value": nil, "value-effect": nil})),
			[]string{codeValueRequired, codeValueEffectRequired}},
		{"notional too small", aapl(with(notional, map[string]any{"value": "4.99"})), []string{codeNotionalTooSmall}},
		{"notional option", aapl(with(notional, map[string]any{"legs": []any{
			map[string]any{"instrument-type": "Equity Option", "symbol": call200, "action": "Buy to Open"}}})),
			[]string{codeNotionalType}},
		{"notional not fractional", aapl(with(notional, map[string]any{"legs": legs(eqLeg("BRK/B", "Buy to Open", nil))})),
			[]string{codeNotionalFractional}},
		{"notional gtc", aapl(with(notional, map[string]any{"time-in-force": "GTC"})), []string{codeGTCMarket}},
		{"price with value", aapl(map[string]any{"value": "10", "value-effect": "Debit"}),
			[]string{codeValueNotAllowed, codePriceWithValue}},
		{"gtc-date with gtc", aapl(map[string]any{"gtc-date": "2026-07-01"}), []string{codeGTCDateNotAllowed}},
		{"gtd without date", aapl(map[string]any{"time-in-force": "GTD"}), []string{codeGTCDateRequired}},
		{"gtd in the past", aapl(map[string]any{"time-in-force": "GTD", "gtc-date": "2026-06-09"}),
			[]string{codeGTCDateInPast}},
		{"gtd today accepted", aapl(map[string]any{"time-in-force": "GTD", "gtc-date": "2026-06-10"}), nil},
		{"equity two legs", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", 1), eqLeg("SPY", "Buy to Open", 1))}),
			[]string{codeTooManyLegs}},
		{"five option legs", aapl(map[string]any{"price": "1.00", "legs": legs(
			optLeg(call200, "Buy to Open", 1), optLeg(call210, "Sell to Open", 1), optLeg(call220, "Buy to Open", 1),
			optLeg(call230, "Sell to Open", 1), optLeg(call240, "Buy to Open", 1))}), []string{codeTooManyLegs}},
		{"four option legs either effect", aapl(map[string]any{"price": "1.00", "price-effect": "Credit", "legs": legs(
			optLeg(call200, "Buy to Open", 1), optLeg(call210, "Sell to Open", 1), optLeg(call220, "Sell to Open", 1),
			optLeg(call230, "Buy to Open", 1))}), nil},
		{"duplicate leg symbol", aapl(map[string]any{"price": "1.00", "legs": legs(
			optLeg(call200, "Buy to Open", 1), optLeg(call200, "Sell to Open", 1))}), []string{codeDuplicateLeg}},
		{"ext option", aapl(map[string]any{"time-in-force": "Ext", "price": "1.00",
			"legs": legs(optLeg(call200, "Buy to Open", 1))}), []string{codeExtEquityOnly}},
		{"gtc ext equity accepted", aapl(map[string]any{"time-in-force": "GTC Ext"}), nil},
		{"buy on equity", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy", 1))}), []string{codeBuySellFutures}},
		{"buy on future accepted", aapl(map[string]any{"price": "5000.25", "legs": []any{
			map[string]any{"instrument-type": "Future", "symbol": "/ESZ6", "action": "Buy", "quantity": 1}}}), nil},
		{"fractional equity", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", "1.5"))}),
			[]string{codeFractional}},
		{"fractional crypto accepted", aapl(map[string]any{"price": "60000.00", "legs": []any{
			map[string]any{"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open",
				"quantity": "0.0005"}}}), nil},
		{"crypto at 8 places accepted", aapl(map[string]any{"price": "60000.00", "legs": []any{
			map[string]any{"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open",
				"quantity": "0.123456780"}}}), nil},
		{"buy for credit", aapl(map[string]any{"price-effect": "Credit"}), []string{codeBuyForCredit}},
		{"sell for debit", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Sell to Close", 1))}),
			[]string{codeSellForDebit}},
		{"equity off tick", aapl(map[string]any{"price": "150.005"}), []string{codePriceIncrement}},
		{"sub-dollar equity on tick", aapl(map[string]any{"price": "0.5012"}), nil},
		{"option below 3 off nickel", aapl(map[string]any{"price": "1.63", "legs": legs(optLeg(call200, "Buy to Open", 1))}),
			[]string{codePriceIncrement}},
		{"option above 3 off dime", aapl(map[string]any{"price": "3.15", "legs": legs(optLeg(call200, "Buy to Open", 1))}),
			[]string{codePriceIncrement}},
		{"option above 3 on dime", aapl(map[string]any{"price": "3.10", "legs": legs(optLeg(call200, "Buy to Open", 1))}), nil},
		{"spread on penny", aapl(map[string]any{"price": "1.63", "legs": legs(
			optLeg(call200, "Buy to Open", 1), optLeg(call210, "Sell to Open", 1))}), nil},
		{"future off tick", aapl(map[string]any{"price": "5000.10", "legs": []any{
			map[string]any{"instrument-type": "Future", "symbol": "/ESZ6", "action": "Buy to Open", "quantity": 1}}}),
			[]string{codePriceIncrement}},
		{"stop trigger off tick", aapl(map[string]any{"order-type": "Stop Limit", "stop-trigger": "150.001"}),
			[]string{codePriceIncrement}},
		{"not enough buying power", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", 1000))}),
			[]string{codeMargin}},
		{"everything wrong at once", aapl(map[string]any{"order-type": "Market", "price-effect": "Credit",
			"gtc-date": "2026-07-01", "legs": legs(eqLeg("AAPL", "Buy", "1.5"), eqLeg("SPY", "Buy to Open", 1))}),
			[]string{codePriceNotAllowed, codePriceNotAllowed, codeGTCMarket, codeGTCDateNotAllowed,
				codeBuySellFutures, codeFractional, codeTooManyLegs}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			r := v.do("POST", ordersPath("/dry-run"), tt.body)
			if tt.want == nil {
				r.wantStatus(http.StatusCreated)
				return
			}
			r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
			if diff := cmp.Diff(tt.want, r.errorCodes()); diff != "" {
				t.Errorf("preflight codes mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSubmitRefusesWhatDryRunRefuses(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", ordersPath(""), aapl(map[string]any{"price-effect": "Credit"}))
	r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
	r.wantEqual("error.errors", []any{map[string]any{"code": "cant_buy_for_credit", "message": "You cannot buy for a credit."}})
	if r.has("data") {
		t.Errorf("a refused submit carries data: %s", r.raw)
	}
	v.do("GET", ordersPath("/live"), nil).wantEqual("data.items", []any{})
}

func TestShapeErrors(t *testing.T) {
	v := newEnv(t)
	bad := func(domains ...string) []string { return domains }
	tests := []struct {
		name string
		body any
		want []string
	}{
		{"negative price", aapl(map[string]any{"price": "-1.80"}), bad("price")},
		{"negative numeric price", aapl(map[string]any{"price": -1.8}), bad("price")},
		{"price not a number", aapl(map[string]any{"price": "abc"}), bad("price")},
		{"price a bool", aapl(map[string]any{"price": true}), bad("price")},
		{"order type lower case", aapl(map[string]any{"order-type": "limit"}), bad("order-type")},
		{"stop limit wrong case", aapl(map[string]any{"order-type": "Stop limit"}), bad("order-type")},
		{"missing time in force", aapl(map[string]any{"time-in-force": nil}), bad("time-in-force")},
		{"gtc lower case", aapl(map[string]any{"time-in-force": "gtc"}), bad("time-in-force")},
		{"price effect none", aapl(map[string]any{"price-effect": "None"}), bad("price-effect")},
		{"gtc-date format", aapl(map[string]any{"time-in-force": "GTD", "gtc-date": "2026/12/01"}), bad("gtc-date")},
		{"zero stop trigger", aapl(map[string]any{"order-type": "Stop Limit", "stop-trigger": 0}), bad("stop-trigger")},
		{"missing legs", aapl(map[string]any{"legs": nil}), bad("legs")},
		{"empty legs", aapl(map[string]any{"legs": []any{}}), bad("legs")},
		{"instrument type lower case", aapl(map[string]any{"legs": []any{
			map[string]any{"instrument-type": "equity option", "symbol": call200, "action": "Buy to Open", "quantity": 1}}}),
			bad("instrument-type")},
		{"action wrong case", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy To Open", 1))}), bad("action")},
		{"lower case symbol", aapl(map[string]any{"legs": legs(eqLeg("aapl", "Buy to Open", 1))}), bad("symbol")},
		{"unpadded occ symbol", aapl(map[string]any{"legs": legs(optLeg("AAPL 261218C00200000", "Buy to Open", 1))}),
			bad("symbol")},
		{"future without slash", aapl(map[string]any{"legs": []any{
			map[string]any{"instrument-type": "Future", "symbol": "ESZ6", "action": "Buy", "quantity": 1}}}), bad("symbol")},
		{"zero quantity", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", 0))}), bad("quantity")},
		{"negative quantity", aapl(map[string]any{"legs": legs(eqLeg("AAPL", "Buy to Open", -1))}), bad("quantity")},
		{"crypto quantity past 8 places", aapl(map[string]any{"price": "60000.00", "legs": []any{
			map[string]any{"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open",
				"quantity": "0.000000001"}}}), bad("quantity")},
		{"crypto quantity 1e-21", aapl(map[string]any{"price": "60000.00", "legs": []any{
			map[string]any{"instrument-type": "Cryptocurrency", "symbol": "BTC/USD", "action": "Buy to Open",
				"quantity": 1e-21}}}), bad("quantity")},
		{"several at once", aapl(map[string]any{"price": "-1", "legs": legs(eqLeg("AAPL", "Buy it", 1))}),
			bad("price", "action")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := v.on(t)
			for _, path := range []string{ordersPath(""), ordersPath("/dry-run")} {
				r := v.do("POST", path, tt.body).wantError(http.StatusBadRequest, "validation_error")
				if diff := cmp.Diff(tt.want, r.errorCodes()); diff != "" {
					t.Errorf("%s: domains mismatch (-want +got):\n%s", path, diff)
				}
			}
		})
	}
}

func TestShapeErrorBody(t *testing.T) {
	v := newEnv(t)
	r := v.do("POST", ordersPath(""), aapl(map[string]any{"price": "-1.80"}))
	var got map[string]any
	if err := json.Unmarshal(r.raw, &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"error": map[string]any{
		"code": "validation_error", "message": "Request validation failed",
		"errors": []any{map[string]any{"domain": "price", "reason": "does not have a valid value"}},
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("error body mismatch (-want +got):\n%s", diff)
	}
}

// TestGTDCloseAlreadyPassed: a gtc-date whose 16:00 New York close has
// passed in emulator time is refused at submit, dry run and replace,
// even when the date is still today.
func TestGTDCloseAlreadyPassed(t *testing.T) {
	v := newEnv(t)
	gtd := func(date string) map[string]any {
		return aapl(map[string]any{"time-in-force": "GTD", "gtc-date": date})
	}
	working := v.place(limitOrder("AAPL", "Buy to Open", 1, "150.00"))

	// 15:59:59.999 in New York: today's close is still ahead.
	v.advance(6*time.Hour - time.Millisecond)
	v.do("POST", ordersPath("/dry-run"), gtd("2026-06-10")).wantStatus(http.StatusCreated)

	// 16:00 in New York: today's close has come.
	v.advance(time.Millisecond)
	for _, req := range []struct{ method, path string }{
		{"POST", ordersPath("")},
		{"POST", ordersPath("/dry-run")},
		{"PUT", orderPath(working)},
		{"PATCH", orderPath(working)},
		{"POST", orderPath(working) + "/dry-run"},
	} {
		r := v.do(req.method, req.path, gtd("2026-06-10"))
		r.wantError(http.StatusUnprocessableEntity, "preflight_check_failure")
		if diff := cmp.Diff([]string{codeGTCDateInPast}, r.errorCodes()); diff != "" {
			t.Errorf("%s %s: codes mismatch (-want +got):\n%s", req.method, req.path, diff)
		}
	}
	v.getOrder(working).wantEqual("data.status", "Live")
	v.do("GET", ordersPath("/live"), nil).wantIDs(working)

	// Tomorrow's close is still ahead, for a new order and a replacement.
	v.place(gtd("2026-06-11"))
	v.do("PUT", orderPath(working), gtd("2026-06-11")).wantStatus(http.StatusOK)
}
