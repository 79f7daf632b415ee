package tastytrade

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// otocoSpec buys 100 AAPL and brackets the position, as the example of
// section 5.11.
func otocoSpec() provider.ComplexSpec {
	leg := func(a provider.Action) []provider.Leg {
		return []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL", Action: a, Quantity: dec("100")}}
	}
	return provider.ComplexSpec{
		Type: provider.OTOCO, Source: "ttplan/1.2.3",
		Trigger: &provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.Day,
			Price: dec("157.97"), PriceEffect: provider.Debit, ExternalIdentifier: "rec-entry",
			Legs: leg(provider.BuyToOpen)},
		Orders: []provider.OrderSpec{
			{OrderType: provider.Limit, TimeInForce: provider.GTC, Price: dec("198.68"),
				PriceEffect: provider.Credit, ExternalIdentifier: "rec-tp", StrictPositionEffect: true,
				Legs: leg(provider.SellToClose)},
			{OrderType: provider.Stop, TimeInForce: provider.GTC, StopTrigger: dec("143.06"),
				ExternalIdentifier: "rec-sl", StrictPositionEffect: true, Legs: leg(provider.SellToClose)},
		},
	}
}

const otocoRequest = `{"type":"OTOCO","source":"ttplan/1.2.3",
  "trigger-order":{"time-in-force":"Day","order-type":"Limit","price":"157.97","price-effect":"Debit",
    "external-identifier":"rec-entry",
    "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":100,"action":"Buy to Open"}]},
  "orders":[
    {"time-in-force":"GTC","order-type":"Limit","price":"198.68","price-effect":"Credit",
     "external-identifier":"rec-tp","advanced-instructions":{"strict-position-effect-validation":true},
     "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":100,"action":"Sell to Close"}]},
    {"time-in-force":"GTC","order-type":"Stop","stop-trigger":"143.06",
     "external-identifier":"rec-sl","advanced-instructions":{"strict-position-effect-validation":true},
     "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":100,"action":"Sell to Close"}]}]}`

// component is an order object of a complex order's answer.
func component(id, status, tag, action string) string {
	return `{"id":` + id + `,"account-number":"5ZZ00000","status":"` + status + `",
	  "order-type":"Limit","time-in-force":"GTC","complex-order-id":"3001",
	  "complex-order-tag":"` + tag + `","preflight-id":0,
	  "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":100,"action":"` + action + `"}]}`
}

var otocoAnswer = `{"data":{"complex-order":{"id":3001,"account-number":"5ZZ00000","type":"OTOCO",
  "trigger-order":` + component("11", "Routed", "OTOCO::trigger-order", "Buy to Open") + `,
  "orders":[` + component("12", "Contingent", "OTOCO::oco-1-order", "Sell to Close") + `,
    ` + component("13", "Contingent", "OTOCO::oco-2-order", "Sell to Close") + `],
  "related-orders":[]},"warnings":[],"buying-power-effect":{},"fee-calculation":{}},
  "context":"/accounts/5ZZ00000/complex-orders"}`

// summary is what the tests compare of a decoded order.
func summary(o provider.Order) string {
	return strings.Join([]string{string(o.Status), o.ComplexOrderTag,
		decimal.NewFromInt(o.ComplexOrderID).String(), decimal.NewFromInt(o.ID).String()}, " ")
}

func TestPlaceComplexOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/complex-orders", reply{status: 201, body: otocoAnswer})
	c := newTestClient(t, f)

	got, err := c.PlaceComplexOrder(bg(), "5ZZ00000", otocoSpec())
	if err != nil {
		t.Fatalf("PlaceComplexOrder: %v", err)
	}
	reqs := f.requests("POST /accounts/5ZZ00000/complex-orders")
	if len(reqs) != 1 {
		t.Fatalf("POST sent %d times, want 1", len(reqs))
	}
	if diff := jsonDiff(t, otocoRequest, reqs[0].Body); diff != "" {
		t.Errorf("request body mismatch (-want +got):\n%s", diff)
	}

	if got.ID != 3001 || got.Type != provider.OTOCO || got.AccountNumber != "5ZZ00000" || got.Trigger == nil {
		t.Fatalf("PlaceComplexOrder() = %+v, want complex order 3001 with a trigger", got)
	}
	var comps []string
	for _, o := range append([]provider.Order{*got.Trigger}, got.Orders...) {
		comps = append(comps, summary(o))
	}
	want := []string{"Routed OTOCO::trigger-order 3001 11", "Contingent OTOCO::oco-1-order 3001 12",
		"Contingent OTOCO::oco-2-order 3001 13"}
	if diff := cmp.Diff(want, comps); diff != "" {
		t.Errorf("components mismatch (-want +got):\n%s", diff)
	}
}

func TestPlaceComplexOrder_OCOBody(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/complex-orders", reply{status: 201, body: `{"data":{"complex-order":
	  {"id":"3002","type":"OCO","orders":[` + component("21", "Routed", "OCO::order", "Sell to Close") + `,
	  ` + component("22", "Routed", "OCO::order", "Sell to Close") + `]}}}`})
	c := newTestClient(t, f)

	spec := otocoSpec()
	spec.Type, spec.Trigger = provider.OCO, nil
	got, err := c.PlaceComplexOrder(bg(), "5ZZ00000", spec)
	if err != nil {
		t.Fatalf("PlaceComplexOrder: %v", err)
	}
	if got.ID != 3002 || got.Trigger != nil || len(got.Orders) != 2 {
		t.Errorf("PlaceComplexOrder() = %+v, want OCO 3002 with two orders and no trigger", got)
	}
	body := f.requests("POST /accounts/5ZZ00000/complex-orders")[0].Body
	if strings.Contains(body, "trigger-order") || !strings.Contains(body, `"type":"OCO"`) {
		t.Errorf("OCO body = %s, want type OCO and no trigger-order", body)
	}
}

func TestPlaceComplexOrder_neverResent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		reply reply
	}{
		{"gateway failure", reply{status: 502, body: "<html>Bad Gateway</html>"}},
		{"answer without id", reply{status: 201, body: `{"data":{"complex-order":{"type":"OCO","orders":[]}}}`}},
		{"component without status", reply{status: 201, body: `{"data":{"complex-order":{"id":1,
		  "orders":[{"id":2,"order-type":"Limit","time-in-force":"GTC","legs":[]}]}}}`}},
		{"not JSON", reply{status: 201, body: `{"data":{"complex-order":`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("POST /accounts/5ZZ00000/complex-orders", tt.reply)
			c := newTestClient(t, f)

			_, err := c.PlaceComplexOrder(bg(), "5ZZ00000", otocoSpec())
			if !errors.Is(err, provider.ErrAmbiguous) {
				t.Errorf("PlaceComplexOrder() error = %v, want ErrAmbiguous", err)
			}
			if n := f.count("POST /accounts/5ZZ00000/complex-orders"); n != 1 {
				t.Errorf("POST sent %d times, want exactly 1", n)
			}
		})
	}
}

func TestPlaceComplexOrder_refusals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(*provider.ComplexSpec)
		wantErr string
		status  int // 0: refused before sending
	}{
		{"OCO with a trigger", func(s *provider.ComplexSpec) { s.Type = provider.OCO }, "takes no trigger", 0},
		{"OTO without a trigger", func(s *provider.ComplexSpec) { s.Type, s.Trigger = provider.OTO, nil },
			"needs a trigger", 0},
		{"PAIRS", func(s *provider.ComplexSpec) { s.Type = "PAIRS" }, "want OCO, OTO or OTOCO", 0},
		{"negative component price", func(s *provider.ComplexSpec) { s.Orders[1].StopTrigger = dec("-1") },
			"order 2: stop-trigger", 0},
		{"broker refuses", func(*provider.ComplexSpec) {}, "position_effect_mismatch", 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("POST /accounts/5ZZ00000/complex-orders", reply{status: 422, body: `{"error":{
			  "code":"preflight_check_failure","message":"One or more preflight checks failed",
			  "errors":[{"code":"position_effect_mismatch","message":"too little to close","preflight-id":1}]}}`})
			c := newTestClient(t, f)
			spec := otocoSpec()
			tt.edit(&spec)

			_, err := c.PlaceComplexOrder(bg(), "5ZZ00000", spec)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || errors.Is(err, provider.ErrAmbiguous) {
				t.Errorf("PlaceComplexOrder() error = %v, want %q and not ambiguous", err, tt.wantErr)
			}
			sent := f.count("POST /accounts/5ZZ00000/complex-orders")
			if tt.status == 0 && sent != 0 || tt.status != 0 && sent != 1 {
				t.Errorf("POST sent %d times", sent)
			}
		})
	}
}

func TestDryRunComplexOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/complex-orders/dry-run", reply{status: 503},
		reply{status: 201, body: `{"data":{"complex-order":{"type":"OTOCO","orders":[]},
		  "warnings":[{"code":"tif_next_valid_sesssion","message":"next session"}],
		  "buying-power-effect":{"change-in-buying-power":"15797.3","change-in-buying-power-effect":"Debit",
		    "new-buying-power":"84202.7","new-buying-power-effect":"Credit"},
		  "fee-calculation":{"total-fees":"0.3","total-fees-effect":"Debit"}}}`})
	c := newTestClient(t, f)

	got, err := c.DryRunComplexOrder(bg(), "5ZZ00000", otocoSpec())
	if err != nil {
		t.Fatalf("DryRunComplexOrder: %v", err)
	}
	want := provider.DryRunResult{
		BuyingPowerChange: decimal.RequireFromString("15797.3"), BuyingPowerChangeEffect: provider.Debit,
		NewBuyingPower: decimal.RequireFromString("84202.7"), NewBuyingPowerEffect: provider.Credit,
		Fees: decimal.RequireFromString("0.3"), FeesEffect: provider.Debit,
		Warnings: []provider.Message{{Code: "tif_next_valid_sesssion", Message: "next session"}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("DryRunComplexOrder() mismatch (-want +got):\n%s", diff)
	}
	reqs := f.requests("POST /accounts/5ZZ00000/complex-orders/dry-run")
	if len(reqs) != 2 {
		t.Fatalf("dry run sent %d times, want 2 (retried as a read)", len(reqs))
	}
	if diff := jsonDiff(t, otocoRequest, reqs[1].Body); diff != "" {
		t.Errorf("request body mismatch (-want +got):\n%s", diff)
	}
}

func TestDryRunComplexOrder_marginFailure(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/complex-orders/dry-run", reply{status: 422, body: `{"data":{
	  "buying-power-effect":{"change-in-buying-power":"150000.8","change-in-buying-power-effect":"Debit",
	    "new-buying-power":"50000.8","new-buying-power-effect":"Debit"},
	  "fee-calculation":{"total-fees":"0.8","total-fees-effect":"Debit"}},
	  "error":{"code":"preflight_check_failure","message":"One or more preflight checks failed",
	  "errors":[{"code":"margin_check_failed","message":"Account does not have sufficient buying power available for this order.","preflight-id":0}]}}`})
	c := newTestClient(t, f)

	got, err := c.DryRunComplexOrder(bg(), "5ZZ00000", otocoSpec())
	var apiErr *provider.APIError
	if !errors.As(err, &apiErr) || apiErr.Status != 422 || apiErr.Code != "preflight_check_failure" {
		t.Fatalf("DryRunComplexOrder() error = %v, want a 422 preflight_check_failure", err)
	}
	wantErrs := []provider.Message{{Code: "margin_check_failed",
		Message: "Account does not have sufficient buying power available for this order."}}
	if diff := cmp.Diff(wantErrs, apiErr.Details); diff != "" {
		t.Errorf("details mismatch (-want +got):\n%s", diff)
	}
	if !got.NewBuyingPower.Equal(decimal.RequireFromString("50000.8")) || got.NewBuyingPowerEffect != provider.Debit {
		t.Errorf("result beside the error = %+v, want the answer's new buying power", got)
	}
}

func TestCancelComplexOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("DELETE /accounts/5ZZ00000/complex-orders/3001", ok(`{"data":{"id":3001,"type":"OCO",
	  "orders":[`+component("21", "Cancel Requested", "OCO::order", "Sell to Close")+`,
	  `+component("22", "Filled", "OCO::order", "Sell to Close")+`]}}`))
	f.on("DELETE /accounts/5ZZ00000/complex-orders/3002", reply{status: 422,
		body: `{"error":{"code":"cannot_update_order","message":"the complex order could not be cancelled"}}`})
	c := newTestClient(t, f)

	got, err := c.CancelComplexOrder(bg(), "5ZZ00000", 3001)
	if err != nil {
		t.Fatalf("CancelComplexOrder: %v", err)
	}
	var comps []string
	for _, o := range got.Orders {
		comps = append(comps, summary(o))
	}
	want := []string{"Cancel Requested OCO::order 3001 21", "Filled OCO::order 3001 22"}
	if diff := cmp.Diff(want, comps); diff != "" {
		t.Errorf("CancelComplexOrder() components mismatch (-want +got):\n%s", diff)
	}
	if f.requests("DELETE /accounts/5ZZ00000/complex-orders/3001")[0].Body != "" {
		t.Error("cancel sent a body")
	}

	_, err = c.CancelComplexOrder(bg(), "5ZZ00000", 3002)
	if !provider.HasCode(err, "cannot_update_order") || errors.Is(err, provider.ErrAmbiguous) {
		t.Errorf("CancelComplexOrder(done) error = %v, want cannot_update_order, not ambiguous", err)
	}

	f.on("DELETE /accounts/5ZZ00000/complex-orders/3003", reply{status: 504})
	_, err = c.CancelComplexOrder(bg(), "5ZZ00000", 3003)
	if !errors.Is(err, provider.ErrAmbiguous) || f.count("DELETE /accounts/5ZZ00000/complex-orders/3003") != 1 {
		t.Errorf("CancelComplexOrder(lost) error = %v, want ErrAmbiguous after one send", err)
	}
}

// Components come back from every order read with their complex fields.
func TestOrderReads_complexFields(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	items := `{"data":{"items":[` + component("12", "Contingent", "OTOCO::oco-1-order", "Sell to Close") +
		`,` + referenceOrder + `]},"pagination":{"page-offset":0,"total-pages":1}}`
	f.on("GET /accounts/5ZZ00000/orders/live", ok(items))
	f.on("GET /accounts/5ZZ00000/orders", ok(items))
	f.on("GET /accounts/5ZZ00000/orders/12", ok(`{"data":`+
		component("12", "Live", "OTOCO::oco-1-order", "Sell to Close")+`}`))
	c := newTestClient(t, f)

	want := []string{"Contingent OTOCO::oco-1-order 3001 12", "Live  0 274344092"}
	live, err := c.LiveOrders(bg(), "5ZZ00000")
	if err != nil {
		t.Fatalf("LiveOrders: %v", err)
	}
	search, err := c.SearchOrders(bg(), "5ZZ00000", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatalf("SearchOrders: %v", err)
	}
	for name, orders := range map[string][]provider.Order{"LiveOrders": live, "SearchOrders": search} {
		var got []string
		for _, o := range orders {
			got = append(got, summary(o))
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s() mismatch (-want +got):\n%s", name, diff)
		}
	}

	one, err := c.Order(bg(), "5ZZ00000", 12)
	if err != nil || summary(one) != "Live OTOCO::oco-1-order 3001 12" {
		t.Errorf("Order() = %q, %v; want the component with its complex fields", summary(one), err)
	}
}
