package reconcile

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

func dec(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}

// nvdaDip is the quickstart's buy limit order.
func nvdaDip(price string) *config.Order {
	return &config.Order{
		Address: "order.nvda_dip",
		Account: "5WT00001",
		Spec: provider.OrderSpec{
			OrderType:   provider.Limit,
			TimeInForce: provider.GTC,
			Price:       dec(price),
			PriceEffect: provider.Debit,
			Legs: []provider.Leg{{
				InstrumentType: provider.Equity, Symbol: "NVDA",
				Action: provider.BuyToOpen, Quantity: dec("10"),
			}},
		},
	}
}

func testConfig(orders []*config.Order, watchlists ...*config.Watchlist) *config.Config {
	return &config.Config{
		Provider:   config.Provider{Environment: config.Local, Workspace: "default"},
		Orders:     orders,
		Watchlists: watchlists,
	}
}

// liveOrder is what the broker would report for a declared order.
func liveOrder(d *config.Order, id int64, status provider.OrderStatus) provider.Order {
	spec := desiredSpec(d, OrderTag("default", d.Address), "test")
	spec.Price = dec(spec.Price.Decimal.StringFixed(4)) // the API's own spelling
	return provider.Order{OrderSpec: spec, ID: id, AccountNumber: d.Account, Status: status, Editable: status.Working()}
}

func summary(p *Plan) []string {
	var out []string
	for _, c := range p.Changes {
		out = append(out, c.Action.Symbol()+" "+c.Address)
	}
	for _, n := range p.Drift {
		out = append(out, "drift "+n.Address)
	}
	for _, n := range p.Errors {
		out = append(out, "error "+n.Address)
	}
	return out
}

func TestDiffOrders(t *testing.T) {
	t.Parallel()

	filled := liveOrder(nvdaDip("95.5"), 11, provider.StatusFilled)
	filled.Legs[0].Fills = []provider.Fill{{Quantity: decimal.NewFromInt(10), Price: decimal.RequireFromString("95.5")}}

	moreShares := nvdaDip("95.5")
	moreShares.Spec.Legs[0].Quantity = dec("20")

	otherAccount := nvdaDip("95.5")
	otherAccount.Account = "5WT00002"

	stranger := liveOrder(nvdaDip("95.5"), 30, provider.StatusLive)
	stranger.ExternalIdentifier = ""

	otherWorkspace := liveOrder(nvdaDip("95.5"), 31, provider.StatusLive)
	otherWorkspace.ExternalIdentifier = OrderTag("elsewhere", "order.nvda_dip")

	removed := liveOrder(&config.Order{Address: "order.gone", Account: "5WT00001", Spec: nvdaDip("1").Spec}, 40, provider.StatusLive)

	tests := []struct {
		name    string
		desired []*config.Order
		live    []provider.Order
		want    []string
	}{
		{"new order is placed", []*config.Order{nvdaDip("95.50")}, nil, []string{"+ order.nvda_dip"}},
		{"same order in another spelling is a no-op", []*config.Order{nvdaDip("95.50")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)}, nil},
		{"price change is an update", []*config.Order{nvdaDip("94")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)}, []string{"~ order.nvda_dip"}},
		{"quantity change cancels and places", []*config.Order{moreShares},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)}, []string{"-/+ order.nvda_dip"}},
		{"account change cancels and places", []*config.Order{otherAccount},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)}, []string{"-/+ order.nvda_dip"}},
		{"filled order is never placed again", []*config.Order{nvdaDip("95.5")},
			[]provider.Order{filled}, []string{"drift order.nvda_dip"}},
		{"filled order with a new price is still not placed", []*config.Order{nvdaDip("90")},
			[]provider.Order{filled}, []string{"drift order.nvda_dip"}},
		{"cancelled outside ttplan is placed again", []*config.Order{nvdaDip("95.5")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)}, []string{"+ order.nvda_dip", "drift order.nvda_dip"}},
		{"pending cancel waits", []*config.Order{nvdaDip("95.5")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelRequested)}, []string{"drift order.nvda_dip"}},
		{"replaced order follows the new id", []*config.Order{nvdaDip("95.5")},
			[]provider.Order{liveOrder(nvdaDip("96"), 10, provider.StatusCancelled), liveOrder(nvdaDip("95.5"), 12, provider.StatusContingent)}, nil},
		{"unknown status fails closed", []*config.Order{nvdaDip("94")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, "Teleported")}, []string{"error order.nvda_dip"}},
		{"duplicate standing orders: the extra is cancelled", []*config.Order{nvdaDip("95.5")},
			[]provider.Order{liveOrder(nvdaDip("95.5"), 10, provider.StatusLive), liveOrder(nvdaDip("95.5"), 13, provider.StatusLive)},
			[]string{"- order.nvda_dip"}},
		{"untagged and foreign orders are never touched", nil, []provider.Order{stranger, otherWorkspace}, nil},
		{"removed block is cancelled", nil, []provider.Order{removed}, []string{"- order.gone"}},
		{"removed block already cancelled is left", nil,
			[]provider.Order{liveOrder(&config.Order{Address: "order.gone", Account: "5WT00001", Spec: nvdaDip("1").Spec}, 40, provider.StatusCancelled)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
			rec.Orders[removed.ExternalIdentifier] = RecordOrder{Address: "order.gone"}

			p := Diff(testConfig(tt.desired), &State{Orders: tt.live}, Options{Version: "test", Record: rec, RecordFound: true})
			if diff := cmp.Diff(tt.want, summary(p)); diff != "" {
				t.Errorf("Diff() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffPriceEffectIsPartOfThePrice(t *testing.T) {
	t.Parallel()

	d := nvdaDip("95.5")
	live := liveOrder(d, 10, provider.StatusLive)
	live.PriceEffect = provider.Credit

	p := Diff(testConfig([]*config.Order{d}), &State{Orders: []provider.Order{live}}, Options{Version: "test"})
	if diff := cmp.Diff([]string{"~ order.nvda_dip"}, summary(p)); diff != "" {
		t.Errorf("Diff() mismatch (-want +got):\n%s", diff)
	}
}

func TestDiffClosingLegsAreStrict(t *testing.T) {
	t.Parallel()

	d := nvdaDip("95.5")
	d.Spec.Legs[0].Action = provider.SellToClose
	d.Spec.PriceEffect = provider.Credit

	p := Diff(testConfig([]*config.Order{d}), &State{}, Options{Version: "test"})
	if len(p.Changes) != 1 || !p.Changes[0].order.Spec.StrictPositionEffect {
		t.Fatalf("want one create with strict position effect, got %+v", p.Changes)
	}
}

func watchlist(address, name string, symbols ...string) *config.Watchlist {
	w := &config.Watchlist{Address: address, Name: name}
	for _, s := range symbols {
		t, _ := provider.InferInstrumentType(s)
		w.Entries = append(w.Entries, provider.WatchlistEntry{Symbol: provider.CanonicalSymbol(t, s), InstrumentType: t})
	}
	return w
}

func liveWatchlist(name string, symbols ...string) provider.Watchlist {
	w := provider.Watchlist{Name: name, GroupName: "default", OrderIndex: 3}
	for _, s := range symbols {
		w.Entries = append(w.Entries, provider.WatchlistEntry{Symbol: s})
	}
	return w
}

func TestDiffWatchlists(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		desired  []*config.Watchlist
		live     []provider.Watchlist
		recorded map[string]string
		want     []string
	}{
		{"new", []*config.Watchlist{watchlist("watchlist.tech", "Tech", "AAPL")}, nil, nil,
			[]string{"+ watchlist.tech"}},
		{"same entries, missing live types", []*config.Watchlist{watchlist("watchlist.tech", "Tech", "aapl", "/ESZ6")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL", "/ESZ6")}, nil, nil},
		{"added symbol", []*config.Watchlist{watchlist("watchlist.tech", "Tech", "AAPL", "MSFT")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL")}, nil, []string{"~ watchlist.tech"}},
		{"reordered symbols", []*config.Watchlist{watchlist("watchlist.tech", "Tech", "MSFT", "AAPL")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL", "MSFT")}, nil, []string{"~ watchlist.tech"}},
		{"rename creates then deletes", []*config.Watchlist{watchlist("watchlist.tech", "Tech 2", "AAPL")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL")}, map[string]string{"Tech": "watchlist.tech"},
			[]string{"+/- watchlist.tech"}},
		{"half-done rename converges", []*config.Watchlist{watchlist("watchlist.tech", "Tech 2", "AAPL")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL"), liveWatchlist("Tech 2", "AAPL")},
			map[string]string{"Tech": "watchlist.tech", "Tech 2": "watchlist.tech"},
			[]string{"- watchlist.tech"}},
		{"rename onto a stranger's list is refused", []*config.Watchlist{watchlist("watchlist.tech", "Tech 2", "AAPL")},
			[]provider.Watchlist{liveWatchlist("Tech", "AAPL"), liveWatchlist("Tech 2", "AAPL")},
			map[string]string{"Tech": "watchlist.tech"}, []string{"error watchlist.tech"}},
		{"removed and recorded is deleted", nil, []provider.Watchlist{liveWatchlist("Tech", "AAPL")},
			map[string]string{"Tech": "watchlist.tech"}, []string{"- watchlist.tech"}},
		{"removed but not recorded is kept", nil, []provider.Watchlist{liveWatchlist("Tech", "AAPL")}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
			for k, v := range tt.recorded {
				rec.Watchlists[k] = v
			}

			p := Diff(testConfig(nil, tt.desired...), &State{Watchlists: tt.live}, Options{Record: rec, RecordFound: true})
			if diff := cmp.Diff(tt.want, summary(p)); diff != "" {
				t.Errorf("Diff() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDiffKeepsLiveGroupAndIndex(t *testing.T) {
	t.Parallel()

	p := Diff(testConfig(nil, watchlist("watchlist.tech", "Tech", "AAPL", "MSFT")),
		&State{Watchlists: []provider.Watchlist{liveWatchlist("Tech", "AAPL")}}, Options{})
	if len(p.Changes) != 1 {
		t.Fatalf("want one change, got %d", len(p.Changes))
	}
	got := p.Changes[0].watchlist.Desired
	if got.GroupName != "default" || got.OrderIndex != 3 {
		t.Errorf("PUT would reset the UI placement: group %q, index %d", got.GroupName, got.OrderIndex)
	}
}

func TestDiffWarnsWithoutRecord(t *testing.T) {
	t.Parallel()

	p := Diff(testConfig(nil), &State{Watchlists: []provider.Watchlist{liveWatchlist("Mine", "AAPL")}}, Options{})
	if len(p.Changes) != 0 || len(p.Warnings) != 1 {
		t.Errorf("want no change and one warning, got %v and %v", summary(p), p.Warnings)
	}
}

func TestDiffRefusesWorkspaceChange(t *testing.T) {
	t.Parallel()

	rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
	rec.Workspace = "old"
	p := Diff(testConfig(nil), &State{}, Options{Record: rec})
	if len(p.Errors) != 1 {
		t.Errorf("want one error, got %v", p.Errors)
	}
}

// TestDiffWarnsOfRename: a partly filled order's block was renamed. The
// new address is a new order, placed in full; the plan says so.
func TestDiffWarnsOfRename(t *testing.T) {
	t.Parallel()
	old := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	old.Legs[0].Fills = []provider.Fill{{Quantity: decimal.NewFromInt(3), Price: decimal.NewFromInt(95)}}
	rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
	rec.Orders[old.ExternalIdentifier] = RecordOrder{Address: "order.nvda_dip"}

	renamed := nvdaDip("95.5")
	renamed.Address = "order.nvda_buy"
	p := Diff(testConfig([]*config.Order{renamed}), &State{Orders: []provider.Order{old}}, Options{Version: "test", Record: rec})
	if diff := cmp.Diff([]string{"+ order.nvda_buy", "- order.nvda_dip"}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Message, "looks like order.nvda_dip under a new name") {
		t.Errorf("warnings = %+v", p.Warnings)
	}
	if !strings.Contains(p.Changes[1].Reason, "3 of it already filled") {
		t.Errorf("cancel reason = %q", p.Changes[1].Reason)
	}
}

// TestDiffReplaceLoopEnds: broker data whose replace links loop must not
// hang the plan; nothing is placed.
func TestDiffReplaceLoopEnds(t *testing.T) {
	t.Parallel()
	self := liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)
	self.ReplacingOrderID = 10
	done := make(chan *Plan, 1)
	go func() {
		done <- Diff(testConfig([]*config.Order{nvdaDip("95.5")}), &State{Orders: []provider.Order{self}}, Options{Version: "test"})
	}()
	select {
	case p := <-done:
		if diff := cmp.Diff([]string{"drift order.nvda_dip"}, summary(p)); diff != "" {
			t.Errorf("plan (-want +got):\n%s", diff)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Diff() did not return")
	}
}

func TestDiffTargetAndReplace(t *testing.T) {
	t.Parallel()
	a, b := nvdaDip("94"), nvdaDip("94")
	a.Address, b.Address = `order.ladder["AMD"]`, "order.other"
	liveA := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	liveA.ExternalIdentifier = OrderTag("default", a.Address)
	same := liveOrder(b, 11, provider.StatusLive)
	cfg := testConfig([]*config.Order{a, b})
	st := &State{Orders: []provider.Order{liveA, same}}

	p := Diff(cfg, st, Options{Version: "test", Targets: []string{"order.ladder"}})
	if diff := cmp.Diff([]string{`~ order.ladder["AMD"]`}, summary(p)); diff != "" {
		t.Errorf("-target (-want +got):\n%s", diff)
	}
	p = Diff(cfg, st, Options{Version: "test", Targets: []string{"order.other"}})
	if diff := cmp.Diff([]string(nil), summary(p)); diff != "" {
		t.Errorf("-target of an unchanged order (-want +got):\n%s", diff)
	}
	p = Diff(cfg, st, Options{Version: "test", Replace: []string{"order.other"}})
	if diff := cmp.Diff([]string{`~ order.ladder["AMD"]`, "-/+ order.other"}, summary(p)); diff != "" {
		t.Errorf("-replace (-want +got):\n%s", diff)
	}
}
