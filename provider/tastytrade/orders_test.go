package tastytrade

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

func dec(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

func limitSpec() provider.OrderSpec {
	return provider.OrderSpec{
		OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("150.25"), PriceEffect: provider.Credit,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
			Action: provider.SellToClose, Quantity: dec("1")}},
		ExternalIdentifier: "rec-7f3c2a9e-0001", Source: "ttplan/1.2.3",
		StrictPositionEffect: true,
	}
}

// referenceOrder is the order object of section 5.6 of the reference.
const referenceOrder = `{ "id": 274344092, "account-number": "5WX01234", "time-in-force": "GTC",
  "order-type": "Limit", "size": 1, "underlying-symbol": "AAPL",
  "underlying-instrument-type": "Equity", "price": "150.25", "price-effect": "Credit",
  "status": "Live", "cancellable": true, "editable": true, "edited": false,
  "received-at": "2026-05-01T13:52:59.062+00:00", "updated-at": 1777643579062,
  "source": "myapp/1.0", "external-identifier": "rec-7f3c2a9e-0001",
  "legs": [ { "instrument-type": "Equity", "symbol": "AAPL", "quantity": 1,
              "remaining-quantity": 1, "action": "Sell to Close", "fills": [] } ] }`

func referenceWant() provider.Order {
	return provider.Order{
		ID: 274344092, AccountNumber: "5WX01234", Status: provider.StatusLive,
		Cancellable: true, Editable: true,
		ReceivedAt: time.Date(2026, 5, 1, 13, 52, 59, 62e6, time.UTC),
		OrderSpec: provider.OrderSpec{
			OrderType: provider.Limit, TimeInForce: provider.GTC,
			Price: dec("150.25"), PriceEffect: provider.Credit,
			Source: "myapp/1.0", ExternalIdentifier: "rec-7f3c2a9e-0001",
			Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
				Action: provider.SellToClose, Quantity: dec("1"), RemainingQuantity: dec("1")}},
		},
	}
}

func TestDecodeOrder(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		json    string
		want    provider.Order
		wantErr string
	}{
		{name: "reference example", json: referenceOrder, want: referenceWant()},
		{
			// C19: string ids, ISO updated-at, null booleans, an unknown
			// field, no received-at, a fill without destination-venue.
			name: "drifted shapes",
			json: `{"id":"1000001","account-number":"5ZZ00000","status":"Filled",
			  "order-type":"limit","time-in-force":"Day","price":95.50,"price-effect":"Debit",
			  "cancellable":null,"editable":null,"new-field":true,
			  "updated-at":"2025-05-28T13:38:47.851+00:00","terminal-at":"1748439528049",
			  "replaces-order-id":"999","legs":[{"instrument-type":"Equity Option",
			  "symbol":"AAPL 230818C00197500","quantity":"2","remaining-quantity":null,
			  "action":"Buy to Open","fills":[{"fill-id":"FAKE-FILL","quantity":"2",
			  "fill-price":"1.05","filled-at":"2025-05-28T13:40:00.000Z"}]}]}`,
			want: provider.Order{
				ID: 1000001, AccountNumber: "5ZZ00000", Status: provider.StatusFilled,
				ReplacesOrderID: 999,
				TerminalAt:      time.UnixMilli(1748439528049).UTC(),
				OrderSpec: provider.OrderSpec{
					OrderType: provider.Limit, TimeInForce: provider.Day,
					Price: dec("95.5"), PriceEffect: provider.Debit,
					Legs: []provider.Leg{{InstrumentType: provider.EquityOption,
						Symbol: "AAPL  230818C00197500", Action: provider.BuyToOpen,
						Quantity: dec("2"),
						Fills: []provider.Fill{{ID: "FAKE-FILL", Quantity: decimal.RequireFromString("2"),
							Price:    decimal.RequireFromString("1.05"),
							FilledAt: time.Date(2025, 5, 28, 13, 40, 0, 0, time.UTC)}}}},
				},
			},
		},
		{
			name: "unknown status kept, future option symbol opaque, notional",
			json: `{"id":7,"status":"Queued","order-type":"Notional Market","time-in-force":"IOC",
			  "value":"10.00","value-effect":"Debit","price-effect":"None","gtc-date":"2025-06-20 UTC",
			  "legs":[{"instrument-type":"Future Option","symbol":"./MNQZ5D4AU5 250922C24575",
			  "action":"Buy to Open"}]}`,
			want: provider.Order{
				ID: 7, Status: provider.OrderStatus("Queued"),
				OrderSpec: provider.OrderSpec{
					OrderType: provider.NotionalMarket, TimeInForce: provider.IOC,
					GTCDate: "2025-06-20", Value: dec("10"), ValueEffect: provider.Debit,
					PriceEffect: provider.None,
					Legs: []provider.Leg{{InstrumentType: provider.FutureOption,
						Symbol: "./MNQZ5D4AU5 250922C24575", Action: provider.BuyToOpen}},
				},
			},
		},
		{name: "no id", json: `{"status":"Live"}`, wantErr: "order without id: missing id"},
		{name: "no status", json: `{"id":5,"order-type":"Limit"}`, wantErr: "order 5: missing status"},
		{
			name:    "no time in force",
			json:    `{"id":5,"status":"Live","order-type":"Limit"}`,
			wantErr: "order 5: missing time-in-force",
		},
		{
			name:    "no legs",
			json:    `{"id":5,"status":"Live","order-type":"Limit","time-in-force":"Day"}`,
			wantErr: "order 5: missing legs",
		},
		{
			name: "leg without action",
			json: `{"id":5,"status":"Live","order-type":"Limit","time-in-force":"Day",
			  "legs":[{"instrument-type":"Equity","symbol":"AAPL"}]}`,
			wantErr: "order 5: missing legs[0].action",
		},
		{
			name:    "bad price",
			json:    `{"id":"6","status":"Live","price":"abc"}`,
			wantErr: "order 6: ",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := decodeOrder([]byte(tt.json))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("decodeOrder() error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("decodeOrder() error = %v", err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decodeOrder() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLiveOrders(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /accounts/5ZZ00000/orders/live", ok(`{"data":{"items":[
	  {"id":1000001,"status":"Cancelled","order-type":"Limit","time-in-force":"GTC",
	   "legs":[{"instrument-type":"Equity","symbol":"AAPL","action":"Buy to Open","quantity":1}]},
	  {"id":1000003,"status":"Live","order-type":"Limit","time-in-force":"GTC",
	   "legs":[{"instrument-type":"Equity","symbol":"aapl","action":"Buy to Open","quantity":1}]}
	]},"context":"/accounts/5ZZ00000/orders/live"}`))
	c := newTestClient(t, f)

	got, err := c.LiveOrders(bg(), "5ZZ00000")
	if err != nil {
		t.Fatalf("LiveOrders: %v", err)
	}
	var summary []string
	for _, o := range got {
		summary = append(summary, string(o.Status)+" "+o.Legs[0].Symbol)
	}
	if diff := cmp.Diff([]string{"Cancelled AAPL", "Live AAPL"}, summary); diff != "" {
		t.Errorf("LiveOrders() mismatch (-want +got):\n%s", diff)
	}
}

func TestLiveOrders_badOrderFailsTheList(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /accounts/5ZZ00000/orders/live", ok(`{"data":{"items":[
	  {"id":1000001,"status":"Live","order-type":"Limit","time-in-force":"GTC",
	   "legs":[{"instrument-type":"Equity","symbol":"AAPL","action":"Buy to Open"}]},
	  {"id":"1000002","order-type":"Limit","time-in-force":"GTC","legs":[]}]}}`))
	c := newTestClient(t, f)

	got, err := c.LiveOrders(bg(), "5ZZ00000")
	if err == nil || !strings.Contains(err.Error(), "order 1000002: missing status") {
		t.Fatalf("LiveOrders() = %v, %v; want an error naming order 1000002 and status", got, err)
	}
	if got != nil {
		t.Errorf("LiveOrders() returned a partial list: %v", got)
	}
}

func TestSearchOrders_pages(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	order := func(id string) string {
		return `{"id":` + id + `,"status":"Filled","order-type":"Limit","time-in-force":"GTC",
		  "legs":[{"instrument-type":"Equity","symbol":"SPY","action":"Buy to Open","quantity":1}]}`
	}
	page := func(offset string, ids ...string) reply {
		items := make([]string, len(ids))
		for i, id := range ids {
			items[i] = order(id)
		}
		return ok(`{"data":{"items":[` + strings.Join(items, ",") + `]},"pagination":
		  {"per-page":200,"page-offset":` + offset + `,"total-pages":3,"total-items":5}}`)
	}
	f.on("GET /accounts/5ZZ00000/orders", page("0", "1", "2"), page("1", "2", "3"), page("2", "4"))
	c := newTestClient(t, f)

	// 02:00 UTC on 10 March is still 9 March in New York.
	since := time.Date(2025, 3, 10, 2, 0, 0, 0, time.UTC)
	got, err := c.SearchOrders(bg(), "5ZZ00000", since)
	if err != nil {
		t.Fatalf("SearchOrders: %v", err)
	}

	var ids []int64
	for _, o := range got {
		ids = append(ids, o.ID)
	}
	if diff := cmp.Diff([]int64{1, 2, 3, 4}, ids); diff != "" {
		t.Errorf("SearchOrders() ids mismatch (-want +got):\n%s", diff)
	}

	var queries []url.Values
	for _, r := range f.requests("GET /accounts/5ZZ00000/orders") {
		_, raw, _ := strings.Cut(r.URI, "?")
		q, _ := url.ParseQuery(raw)
		queries = append(queries, q)
	}
	want := func(offset string) url.Values {
		return url.Values{"start-date": {"2025-03-09"}, "sort": {"Asc"}, "per-page": {"200"},
			"page-offset": {offset}}
	}
	if diff := cmp.Diff([]url.Values{want("0"), want("1"), want("2")}, queries); diff != "" {
		t.Errorf("search queries mismatch (-want +got):\n%s", diff)
	}
}

func TestOrder_notFound(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /accounts/5ZZ00000/orders/42", ok(`{"data":`+referenceOrder+`}`))
	c := newTestClient(t, f)

	got, err := c.Order(bg(), "5ZZ00000", 42)
	if err != nil {
		t.Fatalf("Order: %v", err)
	}
	if diff := cmp.Diff(referenceWant(), got); diff != "" {
		t.Errorf("Order() mismatch (-want +got):\n%s", diff)
	}

	_, err = c.Order(bg(), "5ZZ00000", 43)
	var apiErr *provider.APIError
	if !errors.Is(err, provider.ErrNotFound) || !errors.As(err, &apiErr) || apiErr.Status != 404 {
		t.Errorf("Order(43) error = %v, want a 404 APIError matching ErrNotFound", err)
	}
}

func TestPlaceOrder_body(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		spec provider.OrderSpec
		want string
	}{
		{
			name: "closing limit with strict position effect",
			spec: limitSpec(),
			want: `{"time-in-force":"GTC","order-type":"Limit","price":"150.25",
			  "price-effect":"Credit","source":"ttplan/1.2.3",
			  "external-identifier":"rec-7f3c2a9e-0001",
			  "advanced-instructions":{"strict-position-effect-validation":true},
			  "legs":[{"instrument-type":"Equity","symbol":"AAPL","quantity":1,
			  "action":"Sell to Close"}]}`,
		},
		{
			name: "credit spread keeps the magnitude, trailing zeros dropped",
			spec: provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTD,
				GTCDate: "2026-12-01", Price: dec("1.80"), PriceEffect: provider.Credit,
				Legs: []provider.Leg{
					{InstrumentType: provider.EquityOption, Symbol: "SPXW 251106P06840000",
						Action: provider.SellToOpen, Quantity: dec("10")},
					{InstrumentType: provider.EquityOption, Symbol: "SPXW  251106P06835000",
						Action: provider.BuyToOpen, Quantity: dec("10")}}},
			want: `{"time-in-force":"GTD","gtc-date":"2026-12-01","order-type":"Limit",
			  "price":"1.8","price-effect":"Credit","legs":[
			  {"instrument-type":"Equity Option","symbol":"SPXW  251106P06840000","quantity":10,
			   "action":"Sell to Open"},
			  {"instrument-type":"Equity Option","symbol":"SPXW  251106P06835000","quantity":10,
			   "action":"Buy to Open"}]}`,
		},
		{
			name: "notional market has a value and no quantity",
			spec: provider.OrderSpec{OrderType: provider.NotionalMarket, TimeInForce: provider.IOC,
				Value: dec("10.0"), ValueEffect: provider.Debit,
				Legs: []provider.Leg{{InstrumentType: provider.Cryptocurrency, Symbol: "BTC/USD",
					Action: provider.BuyToOpen}}},
			want: `{"time-in-force":"IOC","order-type":"Notional Market","value":"10",
			  "value-effect":"Debit","legs":[{"instrument-type":"Cryptocurrency",
			  "symbol":"BTC/USD","action":"Buy to Open"}]}`,
		},
		{
			name: "stop on a future option symbol kept as written",
			spec: provider.OrderSpec{OrderType: provider.Stop, TimeInForce: provider.Day,
				StopTrigger: dec("105"),
				Legs: []provider.Leg{{InstrumentType: provider.FutureOption,
					Symbol: "./ESZ4 EW4Z4 241220C5000", Action: provider.SellToClose,
					Quantity: dec("1")}}},
			want: `{"time-in-force":"Day","order-type":"Stop","stop-trigger":"105",
			  "legs":[{"instrument-type":"Future Option","symbol":"./ESZ4 EW4Z4 241220C5000",
			  "quantity":1,"action":"Sell to Close"}]}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on("POST /accounts/5ZZ00000/orders", reply{status: 201,
				body: `{"data":{"order":` + referenceOrder + `,"warnings":[]}}`})
			c := newTestClient(t, f)

			got, err := c.PlaceOrder(bg(), "5ZZ00000", tt.spec)
			if err != nil {
				t.Fatalf("PlaceOrder: %v", err)
			}
			if got.ID != 274344092 {
				t.Errorf("PlaceOrder() id = %d, want the id from data.order", got.ID)
			}
			reqs := f.requests("POST /accounts/5ZZ00000/orders")
			if len(reqs) != 1 {
				t.Fatalf("POST sent %d times, want 1", len(reqs))
			}
			if diff := jsonDiff(t, tt.want, reqs[0].Body); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlaceOrder_refusedLocally(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		edit    func(*provider.OrderSpec)
		wantErr string
	}{
		{"negative price", func(s *provider.OrderSpec) { s.Price = dec("-1.80") }, "must not be negative"},
		{"no effect", func(s *provider.OrderSpec) { s.PriceEffect = "" }, "want Debit or Credit"},
		{"effect None", func(s *provider.OrderSpec) { s.PriceEffect = provider.None }, "want Debit or Credit"},
		{"negative quantity", func(s *provider.OrderSpec) { s.Legs[0].Quantity = dec("-1") }, "leg 1: quantity"},
		{"negative stop", func(s *provider.OrderSpec) { s.StopTrigger = dec("-5") }, "stop-trigger"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			c := newTestClient(t, f)
			spec := limitSpec()
			tt.edit(&spec)

			_, err := c.PlaceOrder(bg(), "5ZZ00000", spec)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("PlaceOrder() error = %v, want %q", err, tt.wantErr)
			}
			if n := len(f.requests("")); n != 0 {
				t.Errorf("%d requests sent for an invalid order", n)
			}
		})
	}
}

func TestReplaceOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("PUT /accounts/5ZZ00000/orders/1000001", ok(`{"data":{"id":1000002,
	  "replaces-order-id":1000001,"status":"Contingent","contingent-status":"Pending Order",
	  "order-type":"Limit","time-in-force":"GTC","price":"149.5","price-effect":"Debit",
	  "legs":[{"instrument-type":"Equity","symbol":"AAPL","action":"Buy to Open","quantity":100}]}}`))
	c := newTestClient(t, f)

	spec := provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("149.50"), PriceEffect: provider.Debit, ExternalIdentifier: "rec-1",
		Source: "ttplan/1.2.3", StrictPositionEffect: true,
		Legs: []provider.Leg{{InstrumentType: provider.Equity, Symbol: "AAPL",
			Action: provider.BuyToOpen, Quantity: dec("100")}}}
	got, err := c.ReplaceOrder(bg(), "5ZZ00000", 1000001, spec)
	if err != nil {
		t.Fatalf("ReplaceOrder: %v", err)
	}
	if got.ID != 1000002 || got.ReplacesOrderID != 1000001 || got.Status != provider.StatusContingent {
		t.Errorf("ReplaceOrder() = id %d replaces %d status %s, want the new order",
			got.ID, got.ReplacesOrderID, got.Status)
	}
	if !got.Price.Decimal.Equal(spec.Price.Decimal) {
		t.Errorf("price %s does not equal the %s sent", got.Price.Decimal, spec.Price.Decimal)
	}

	body := f.requests("PUT /accounts/5ZZ00000/orders/1000001")[0].Body
	want := `{"time-in-force":"GTC","order-type":"Limit","price":"149.5","price-effect":"Debit",
	  "external-identifier":"rec-1","source":"ttplan/1.2.3"}`
	if diff := jsonDiff(t, want, body); diff != "" {
		t.Errorf("replace body mismatch (-want +got):\n%s", diff)
	}
}

func TestCancelOrder(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("DELETE /accounts/5ZZ00000/orders/1000003", ok(`{"data":{"id":1000003,
	  "status":"Cancel Requested","cancellable":false,"editable":false,"order-type":"Limit",
	  "time-in-force":"GTC","legs":[{"instrument-type":"Equity","symbol":"AAPL",
	  "action":"Buy to Open","quantity":100}]}}`))
	f.on("DELETE /accounts/5ZZ00000/orders/1000004", reply{status: 422,
		body: `{"error":{"code":"cannot_update_order","message":"the order could not be cancelled"}}`})
	c := newTestClient(t, f)

	got, err := c.CancelOrder(bg(), "5ZZ00000", 1000003)
	if err != nil || got.Status != provider.StatusCancelRequested {
		t.Fatalf("CancelOrder() = %v, %v; want Cancel Requested", got.Status, err)
	}
	if f.requests("DELETE /accounts/5ZZ00000/orders/1000003")[0].Body != "" {
		t.Error("cancel sent a body")
	}

	_, err = c.CancelOrder(bg(), "5ZZ00000", 1000004)
	if !provider.HasCode(err, "cannot_update_order") || errors.Is(err, provider.ErrAmbiguous) {
		t.Errorf("CancelOrder(terminal) error = %v, want cannot_update_order, not ambiguous", err)
	}
}

func TestPlaceOrder_unreadableAnswerIsAmbiguous(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("POST /accounts/5ZZ00000/orders", reply{status: 201, body: `{"data":{"order":{"status":"Routed"}}}`})
	c := newTestClient(t, f)

	_, err := c.PlaceOrder(bg(), "5ZZ00000", limitSpec())
	if !errors.Is(err, provider.ErrAmbiguous) {
		t.Errorf("PlaceOrder() error = %v, want ErrAmbiguous", err)
	}
}

// A 2xx answer to a write whose body is not even an envelope: the order
// may have been placed, so the outcome is unknown.
func TestPlaceOrder_undecodableAnswerIsAmbiguous(t *testing.T) {
	t.Parallel()
	for _, body := range []string{`{"data":{"order":{"id":`, `<html>Created</html>`} {
		f := newFakeAPI(t)
		f.on("POST /accounts/5ZZ00000/orders", reply{status: 201, body: body})
		c := newTestClient(t, f)

		_, err := c.PlaceOrder(bg(), "5ZZ00000", limitSpec())
		if !errors.Is(err, provider.ErrAmbiguous) || !strings.Contains(err.Error(), "decode response") {
			t.Errorf("PlaceOrder(answer %q) error = %v, want ErrAmbiguous from the decode", body, err)
		}
		if n := f.count("POST /accounts/5ZZ00000/orders"); n != 1 {
			t.Errorf("POST sent %d times, want exactly 1", n)
		}
	}
}

// The same answer to a read is a plain error: nothing was written.
func TestOrder_undecodableAnswerIsNotAmbiguous(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /accounts/5ZZ00000/orders/7", ok(`{"data":{"id":`))
	c := newTestClient(t, f)

	_, err := c.Order(bg(), "5ZZ00000", 7)
	if err == nil || errors.Is(err, provider.ErrAmbiguous) {
		t.Errorf("Order() error = %v, want a decode error, not ambiguous", err)
	}
}
