package tastytrade

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

func TestWatchlists_decode(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /watchlists", ok(`{"data":{"items":[
	  {"name":"Core","group-name":"default","order-index":3,"cms-id":null,
	   "watchlist-entries":[{"symbol":"aapl"},{"symbol":"/ESZ4","instrument-type":"Future"},
	     {"symbol":"BRK/B"},{"symbol":"SPY 191018C00298000"},{"symbol":"BTC/USD"},
	     {"symbol":"MSFT","instrument_type":"Equity"}]},
	  {"name":"Tech / Growth","order-index":"9999","watchlist-entries":[]}
	]},"context":"/watchlists"}`))
	c := newTestClient(t, f)

	got, err := c.Watchlists(bg())
	if err != nil {
		t.Fatalf("Watchlists: %v", err)
	}
	want := []provider.Watchlist{
		{Name: "Core", GroupName: "default", OrderIndex: 3, Entries: []provider.WatchlistEntry{
			{Symbol: "AAPL", InstrumentType: provider.Equity},
			{Symbol: "/ESZ4", InstrumentType: provider.Future},
			{Symbol: "BRK/B", InstrumentType: provider.Equity},
			{Symbol: "SPY   191018C00298000", InstrumentType: provider.EquityOption},
			{Symbol: "BTC/USD", InstrumentType: provider.Cryptocurrency},
			{Symbol: "MSFT", InstrumentType: provider.Equity},
		}},
		{Name: "Tech / Growth", OrderIndex: 9999, Entries: []provider.WatchlistEntry{}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Watchlists() mismatch (-want +got):\n%s", diff)
	}
}

func TestWatchlists_writes(t *testing.T) {
	t.Parallel()
	core := provider.Watchlist{Name: "Core / 2026", GroupName: "Sectors", Entries: []provider.WatchlistEntry{
		{Symbol: "AAPL"}, {Symbol: "/ESZ4", InstrumentType: provider.Future},
		{Symbol: "./ESZ4 EW4Z4 241220C5000", InstrumentType: provider.FutureOption},
	}}
	coreBody := `{"name":"Core / 2026","group-name":"Sectors","watchlist-entries":[
	  {"symbol":"AAPL","instrument-type":"Equity"},{"symbol":"/ESZ4","instrument-type":"Future"},
	  {"symbol":"./ESZ4 EW4Z4 241220C5000","instrument-type":"Future Option"}]}`
	indexed := core
	indexed.OrderIndex = 7

	tests := []struct {
		name     string
		call     func(*Client) (provider.Watchlist, error)
		key      string
		answer   string
		wantBody string
	}{
		{
			name:     "create omits a zero order-index",
			call:     func(c *Client) (provider.Watchlist, error) { return c.CreateWatchlist(bg(), core) },
			key:      "POST /watchlists",
			answer:   `{"data":` + coreBody + `}`,
			wantBody: coreBody,
		},
		{
			name: "replace sends the full list to an escaped path",
			call: func(c *Client) (provider.Watchlist, error) {
				return c.ReplaceWatchlist(bg(), "Core / 2026", indexed)
			},
			key:      "PUT /watchlists/Core%20%2F%202026",
			answer:   `{}`,
			wantBody: strings.Replace(coreBody, `"group-name"`, `"order-index":7,"group-name"`, 1),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on(tt.key, reply{status: 201, body: tt.answer})
			c := newTestClient(t, f)

			got, err := tt.call(c)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := f.requests(tt.key)
			if len(reqs) != 1 {
				t.Fatalf("%s sent %d times, want 1", tt.key, len(reqs))
			}
			if diff := jsonDiff(t, tt.wantBody, reqs[0].Body); diff != "" {
				t.Errorf("request body mismatch (-want +got):\n%s", diff)
			}
			if got.Name != "Core / 2026" || len(got.Entries) != 3 ||
				got.Entries[0].InstrumentType != provider.Equity {
				t.Errorf("returned watchlist = %+v", got)
			}
		})
	}
}

func TestReplaceWatchlist_renameRefused(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := newTestClient(t, f)

	_, err := c.ReplaceWatchlist(bg(), "Earnings", provider.Watchlist{Name: "Earnings Q3"})
	if err == nil || !strings.Contains(err.Error(), "rename") {
		t.Errorf("ReplaceWatchlist(rename) error = %v, want a rename error", err)
	}
	if n := len(f.requests("")); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestCreateWatchlist_unknownSymbolShape(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	c := newTestClient(t, f)

	_, err := c.CreateWatchlist(bg(), provider.Watchlist{Name: "W",
		Entries: []provider.WatchlistEntry{{Symbol: "not a symbol!"}}})
	if err == nil || !strings.Contains(err.Error(), "instrument type unknown") {
		t.Errorf("CreateWatchlist() error = %v", err)
	}
}

func TestDeleteWatchlist(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	// The 2023 cert answer: raw, snake_case, not enveloped.
	f.on("DELETE /watchlists/My%2FList", ok(`{"id":162,"name":"My/List","user_id":564,
	  "watchlist_entries":[],"cms_id":null,"group_name":"test","order_index":1}`))
	c := newTestClient(t, f)

	if err := c.DeleteWatchlist(bg(), "My/List"); err != nil {
		t.Fatalf("DeleteWatchlist: %v", err)
	}
	err := c.DeleteWatchlist(bg(), "Gone")
	if !errors.Is(err, provider.ErrNotFound) || !strings.Contains(err.Error(), `"Gone"`) {
		t.Errorf("DeleteWatchlist(missing) error = %v, want ErrNotFound naming the list", err)
	}
}

func TestAccounts(t *testing.T) {
	t.Parallel()
	f := newFakeAPI(t)
	f.on("GET /customers/me/accounts", ok(`{"data":{"items":[
	  {"account":{"account-number":"5WX01234","nickname":"Individual","is-closed":false,
	   "day-trader-status":"false","margin-or-cash":"Margin"},"authority-level":"owner"},
	  {"account":{"account-number":"5ZZ00000","is-closed":true}},
	  {"account-number":"5ZZ00001","nickname":"Flat","is-closed":null}
	]}}`))
	c := newTestClient(t, f)

	got, err := c.Accounts(bg())
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	want := []provider.Account{
		{Number: "5WX01234", Nickname: "Individual"},
		{Number: "5ZZ00000", Closed: true},
		{Number: "5ZZ00001", Nickname: "Flat"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Accounts() mismatch (-want +got):\n%s", diff)
	}
}

func TestLists_badItemFailsTheList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		key     string
		body    string
		call    func(*Client) error
		wantErr string
	}{
		{
			key:  "GET /watchlists",
			body: `{"data":{"items":[{"name":"A","watchlist-entries":[]},{"group-name":"x"}]}}`,
			call: func(c *Client) error {
				_, err := c.Watchlists(bg())
				return err
			},
			wantErr: "decode item 1: watchlist: missing name",
		},
		{
			key:  "GET /customers/me/accounts",
			body: `{"data":{"items":[{"account":{"nickname":"no number"}}]}}`,
			call: func(c *Client) error {
				_, err := c.Accounts(bg())
				return err
			},
			wantErr: "decode item 0: account: missing account-number",
		},
		{
			key:  "GET /watchlists",
			body: `{"data":null}`,
			call: func(c *Client) error {
				_, err := c.Watchlists(bg())
				return err
			},
			wantErr: "response has no data",
		},
	}
	for _, tt := range tests {
		t.Run(tt.wantErr, func(t *testing.T) {
			t.Parallel()
			f := newFakeAPI(t)
			f.on(tt.key, ok(tt.body))
			c := newTestClient(t, f)

			if err := tt.call(c); err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
		})
	}
}

// "." and ".." would travel as dot-segments that HTTP stacks resolve, so
// PUT /watchlists/.. would reach /; they and "" are refused unsent.
func TestWatchlists_dotAndEmptyNamesRefused(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"", ".", ".."} {
		f := newFakeAPI(t)
		c := newTestClient(t, f)
		w := provider.Watchlist{Name: name, Entries: []provider.WatchlistEntry{{Symbol: "AAPL"}}}

		_, createErr := c.CreateWatchlist(bg(), w)
		_, replaceErr := c.ReplaceWatchlist(bg(), name, w)
		deleteErr := c.DeleteWatchlist(bg(), name)
		for op, err := range map[string]error{"create": createErr, "replace": replaceErr, "delete": deleteErr} {
			if err == nil || !strings.Contains(err.Error(), "watchlist name") {
				t.Errorf("%s watchlist %q: error = %v, want the name refused", op, name, err)
			}
		}
		if reqs := f.requests(""); len(reqs) != 0 {
			t.Errorf("name %q: %d requests sent, first %s %s", name, len(reqs), reqs[0].Method, reqs[0].URI)
		}
	}

	// Names that merely hold dots travel as one escaped segment.
	f := newFakeAPI(t)
	f.on("DELETE /watchlists/...", ok(`{}`))
	f.on("DELETE /watchlists/..%2F..", ok(`{}`))
	c := newTestClient(t, f)
	for _, name := range []string{"...", "../.."} {
		if err := c.DeleteWatchlist(bg(), name); err != nil {
			t.Errorf("DeleteWatchlist(%q): %v", name, err)
		}
	}
}
