package reconcile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// cycle reads the fake broker, diffs, and applies, as the CLI does.
func cycle(t *testing.T, b *fakeBroker, cfg *config.Config, rec *Record) (*Plan, *Result) {
	t.Helper()
	ctx := context.Background()
	entry := rec.Entry("local")

	st, err := Read(ctx, b, cfg, entry, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := Diff(cfg, st, Options{Version: "test", Record: entry, RecordFound: true})
	res, err := Apply(ctx, p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local", Workspace: "default",
		SettlePoll: time.Millisecond})
	if err != nil {
		return p, &Result{Failed: &Outcome{Err: err}}
	}
	return p, res
}

func newRecord(t *testing.T) *Record {
	rec, err := LoadRecord(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func threeOrders() *config.Config {
	var orders []*config.Order
	for _, name := range []string{"a", "b", "c"} {
		o := nvdaDip("95.5")
		o.Address = "order." + name
		orders = append(orders, o)
	}
	return testConfig(orders)
}

func addresses(changes []*Change) []string {
	var out []string
	for _, c := range changes {
		out = append(out, c.Address)
	}
	return out
}

// TestApplyStopsAtFirstFailure: the second of three creates is refused.
// Apply says what it did, what failed and what it did not try, and the
// next run places the rest without placing the first twice.
func TestApplyStopsAtFirstFailure(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.placeHook = func(n int, _ provider.OrderSpec) error {
		if n == 2 {
			return &provider.APIError{Status: 422, Code: "preflight_check_failure"}
		}
		return nil
	}
	cfg, rec := threeOrders(), newRecord(t)

	_, res := cycle(t, b, cfg, rec)
	if res.Failed == nil || res.Failed.Change.Address != "order.b" {
		t.Fatalf("want order.b to fail, got %+v", res.Failed)
	}
	if diff := cmp.Diff([]string{"order.c"}, addresses(res.NotTried)); diff != "" {
		t.Errorf("not tried (-want +got):\n%s", diff)
	}

	b.placeHook = nil
	p, res := cycle(t, b, cfg, rec)
	if diff := cmp.Diff([]string{"order.b", "order.c"}, addresses(p.Changes)); diff != "" {
		t.Errorf("second plan (-want +got):\n%s", diff)
	}
	if res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if p, _ := cycle(t, b, cfg, rec); p.HasChanges() {
		t.Errorf("third plan not empty: %v", addresses(p.Changes))
	}
	if len(b.orders) != 3 {
		t.Errorf("want 3 orders at the broker, got %d", len(b.orders))
	}
}

// TestApplyLostAnswer: the broker takes the order but the answer is lost.
// Apply reads back, adopts the order, and sends nothing twice.
func TestApplyLostAnswer(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.lose = true
	b.placeHook = func(int, provider.OrderSpec) error {
		return fmt.Errorf("post: %w", provider.ErrAmbiguous)
	}
	cfg := testConfig([]*config.Order{nvdaDip("95.5")})
	rec := newRecord(t)

	_, res := cycle(t, b, cfg, rec)
	if res.Failed != nil {
		t.Fatalf("want the lost answer resolved, got %v", res.Failed.Err)
	}
	b.placeHook = nil
	if p, _ := cycle(t, b, cfg, rec); p.HasChanges() {
		t.Errorf("plan after apply not empty: %v", addresses(p.Changes))
	}
	if b.placed != 1 || len(b.orders) != 1 {
		t.Errorf("want 1 POST and 1 order, got %d and %d", b.placed, len(b.orders))
	}
}

// TestApplyLostAnswerNotPlaced: the answer is lost and nothing was
// placed. Apply fails and says so, without sending again.
func TestApplyLostAnswerNotPlaced(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.placeHook = func(int, provider.OrderSpec) error {
		return fmt.Errorf("post: %w", provider.ErrAmbiguous)
	}
	_, res := cycle(t, b, testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t))
	if res.Failed == nil || !strings.Contains(res.Failed.Err.Error(), "no new order with its tag is visible") {
		t.Fatalf("want a failure that says the order was not placed, got %+v", res.Failed)
	}
	if b.placed != 1 {
		t.Errorf("want exactly 1 POST, got %d", b.placed)
	}
}

// TestApplyReplaceStopsWhenFilled: the order fills between plan and
// apply of a cancel-and-place. The new order must not be placed.
func TestApplyReplaceStopsWhenFilled(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)

	b.cancelHook = func(o *provider.Order) error {
		o.Status = provider.StatusFilled
		return nil
	}
	cfg.Orders[0].Spec.Legs[0].Quantity = dec("20")
	p, res := cycle(t, b, cfg, rec)
	if len(p.Changes) != 1 || p.Changes[0].Action != Replace {
		t.Fatalf("want one replace, got %v", summary(p))
	}
	if res.Failed == nil {
		t.Fatal("want the replace to fail")
	}
	if b.placed != 1 {
		t.Errorf("want no second order placed, got %d placements", b.placed)
	}
}

// TestApplyCancelOfFilledOrder: a removed block's order filled before the
// cancel. The cancel counts as done and says the order filled.
func TestApplyCancelOfFilledOrder(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)

	b.cancelHook = func(o *provider.Order) error {
		o.Status = provider.StatusFilled
		return nil
	}
	_, res := cycle(t, b, testConfig(nil), rec)
	if res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if len(res.Done) != 1 || !strings.Contains(res.Done[0].Message, "already ended: order 100 filled") {
		t.Errorf("want the summary to say the order filled, got %+v", res.Done)
	}
}

// TestApplyConverges runs a sequence of edits and checks that every
// apply is followed by an empty plan.
func TestApplyConverges(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	rec := newRecord(t)

	steps := []func(*config.Config){
		func(*config.Config) {},
		func(c *config.Config) { c.Orders[0].Spec.Price = dec("94.25") },
		func(c *config.Config) { c.Orders[0].Spec.Legs[0].Quantity = dec("15") },
		func(c *config.Config) { c.Orders[0].Account = "5WT00002" },
		func(c *config.Config) { c.Watchlists[0].Entries = c.Watchlists[0].Entries[:1] },
		func(c *config.Config) { c.Watchlists[0].Name = "Renamed" },
		func(c *config.Config) { c.Orders, c.Watchlists = nil, nil },
	}
	cfg := testConfig([]*config.Order{nvdaDip("95.5")}, watchlist("watchlist.tech", "Tech", "AAPL", "MSFT"))
	for i, step := range steps {
		step(cfg)
		if _, res := cycle(t, b, cfg, rec); res.Failed != nil {
			t.Fatalf("step %d: %v", i, res.Failed.Err)
		}
		if p, _ := cycle(t, b, cfg, rec); p.HasChanges() {
			t.Fatalf("step %d: plan after apply not empty: %v", i, summary(p))
		}
	}
	for _, o := range b.orders {
		if o.Status.Working() {
			t.Errorf("order %d still working after its block was removed", o.ID)
		}
	}
	if len(b.watchlists) != 0 {
		t.Errorf("watchlists left: %v", b.watchlists)
	}
}

// fill fills n of an order's first leg at the broker.
func (f *fakeBroker) fill(id int64, n string) {
	o := f.orders[id]
	q := decimal.RequireFromString(n)
	o.Legs[0].Fills = append(o.Legs[0].Fills, provider.Fill{Quantity: q, Price: decimal.RequireFromString("95")})
	if q.Equal(o.Legs[0].Quantity.Decimal) {
		o.Status = provider.StatusFilled
	}
}

// TestApplyPartialFillThenPriceChange: 3 of 10 fill, then the price
// changes. The replacement covers the other 7, and the plans after it
// neither top it up to 10 nor say anything changed.
func TestApplyPartialFillThenPriceChange(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)
	b.fill(100, "3")

	cfg.Orders[0].Spec.Price = dec("94")
	p, res := cycle(t, b, cfg, rec)
	if len(p.Changes) != 1 || p.Changes[0].Action != Update || res.Failed != nil {
		t.Fatalf("want one update applied, got %v (%v)", summary(p), res.Failed)
	}
	p, _ = cycle(t, b, cfg, rec)
	if p.HasChanges() {
		t.Fatalf("plan after the replace: %v", summary(p))
	}
	if b.placed != 1 {
		t.Errorf("want 1 order placed in all, got %d", b.placed)
	}
}

// TestDiffPartialFillThenQuantityChange: a partly filled order is never
// cancelled and placed again with another quantity.
func TestDiffPartialFillThenQuantityChange(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)
	b.fill(100, "3")

	cfg.Orders[0].Spec.Legs[0].Quantity = dec("12")
	p, _ := cycle(t, b, cfg, rec)
	if diff := cmp.Diff([]string{"drift order.nvda_dip"}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	if b.placed != 1 {
		t.Errorf("want no second order, got %d placements", b.placed)
	}
}

// TestDiffPartlyFilledThenCancelled: an order that filled in part and was
// then cancelled is not placed again.
func TestDiffPartlyFilledThenCancelled(t *testing.T) {
	t.Parallel()
	o := liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)
	o.Legs[0].Fills = []provider.Fill{{Quantity: decimal.NewFromInt(4), Price: decimal.NewFromInt(95)}}
	p := Diff(testConfig([]*config.Order{nvdaDip("95.5")}), &State{Orders: []provider.Order{o}}, Options{Version: "test"})
	if diff := cmp.Diff([]string{"drift order.nvda_dip"}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}

func TestDiffEndedOrders(t *testing.T) {
	t.Parallel()

	replaced := liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)
	replaced.ReplacingOrderID = 11
	appEdit := liveOrder(nvdaDip("94"), 11, provider.StatusLive)
	appEdit.ExternalIdentifier = ""
	appCancelled := appEdit
	appCancelled.Status = provider.StatusCancelled

	gtd := nvdaDip("95.5")
	gtd.Spec.TimeInForce, gtd.Spec.GTCDate = provider.GTD, "2026-12-03"
	expired := liveOrder(gtd, 12, provider.StatusExpired)
	later := nvdaDip("95.5")
	later.Spec.TimeInForce, later.Spec.GTCDate = provider.GTD, "2026-12-10"

	ours := liveOrder(nvdaDip("95.5"), 13, provider.StatusCancelled)

	tests := []struct {
		name    string
		desired *config.Order
		live    []provider.Order
		want    []string
		reason  string
	}{
		{"edited in the app: not placed again", nvdaDip("95.5"), []provider.Order{replaced, appEdit}, []string{"drift order.nvda_dip"}, ""},
		{"edited in the app, replacement unseen", nvdaDip("95.5"), []provider.Order{replaced}, []string{"drift order.nvda_dip"}, ""},
		{"edited in the app, replacement cancelled", nvdaDip("95.5"), []provider.Order{replaced, appCancelled}, []string{"+ order.nvda_dip", "drift order.nvda_dip"}, ""},
		{"GTD expired at its date", gtd, []provider.Order{expired}, []string{"drift order.nvda_dip"}, ""},
		{"GTD expired, later date declared", later, []provider.Order{expired}, []string{"+ order.nvda_dip", "drift order.nvda_dip"}, "order 12 expired"},
		{"cancelled by ttplan", nvdaDip("95.5"), []provider.Order{ours}, []string{"+ order.nvda_dip"}, "order 13 was cancelled by ttplan"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
			rec.Orders[ours.ExternalIdentifier] = RecordOrder{Address: "order.nvda_dip", Cancelled: []int64{13}}
			p := Diff(testConfig([]*config.Order{tt.desired}), &State{Orders: tt.live}, Options{Version: "test", Record: rec})
			if diff := cmp.Diff(tt.want, summary(p)); diff != "" {
				t.Errorf("plan (-want +got):\n%s", diff)
			}
			if tt.reason != "" && (len(p.Changes) != 1 || p.Changes[0].Reason != tt.reason) {
				t.Errorf("want reason %q, got %+v", tt.reason, p.Changes)
			}
		})
	}
}

// TestDiffUnrecordedOrphanIsLeft: an order with this workspace's tag that
// no block declares and the record does not name may be another
// configuration's. It is left alone, with a warning.
func TestDiffUnrecordedOrphanIsLeft(t *testing.T) {
	t.Parallel()
	o := liveOrder(&config.Order{Address: "order.elsewhere", Account: "5WT00001", Spec: nvdaDip("1").Spec}, 40, provider.StatusLive)
	p := Diff(testConfig(nil), &State{Orders: []provider.Order{o}}, Options{Version: "test"})
	if len(p.Changes) != 0 || len(p.Warnings) != 1 {
		t.Errorf("want no change and one warning, got %v and %v", summary(p), p.Warnings)
	}
}

// TestApplyWaitsForTheCancel: the broker takes a while to confirm a
// cancel. The new order is placed only after it has.
func TestApplyWaitsForTheCancel(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)

	b.pendingReads = 3
	b.placeHook = func(int, provider.OrderSpec) error {
		if b.orders[100].Status != provider.StatusCancelled {
			return fmt.Errorf("placed while order 100 is %s", b.orders[100].Status)
		}
		return nil
	}
	cfg.Orders[0].Spec.Legs[0].Quantity = dec("20")
	if _, res := cycle(t, b, cfg, rec); res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if b.placed != 2 {
		t.Errorf("want the new order placed, got %d placements", b.placed)
	}
}

// TestApplyCancelNeverSettles: the cancel is still pending when the wait
// runs out. Nothing is placed.
func TestApplyCancelNeverSettles(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)

	b.pendingReads = 1 << 30
	cfg.Orders[0].Spec.Legs[0].Quantity = dec("20")
	st, _ := Read(context.Background(), b, cfg, rec.Entry("local"), time.Now())
	p := Diff(cfg, st, Options{Version: "test", Record: rec.Entry("local")})
	res, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local",
		SettleTimeout: 20 * time.Millisecond, SettlePoll: time.Millisecond})
	if err != nil || res.Failed == nil || !strings.Contains(res.Failed.Err.Error(), "still Cancel Requested") {
		t.Fatalf("want a failure saying the cancel is pending, got %v / %+v", err, res)
	}
	if b.placed != 1 {
		t.Errorf("want no new order, got %d placements", b.placed)
	}
}

// TestApplyFillDuringCancelStopsPlacing: a renamed block is a cancel of
// the old order and a placement of the new one. When the old one filled
// first, the new one is not placed.
func TestApplyFillDuringCancelStopsPlacing(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)

	b.cancelHook = func(o *provider.Order) error {
		b.fill(o.ID, "10")
		return nil
	}
	cfg.Orders[0].Address = "order.nvda_buy"
	_, res := cycle(t, b, cfg, rec)
	if diff := cmp.Diff([]string{"order.nvda_dip"}, outcomes(res.Done)); diff != "" {
		t.Errorf("done (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"order.nvda_buy"}, addresses(res.NotTried)); diff != "" {
		t.Errorf("not tried (-want +got):\n%s", diff)
	}
	if res.Stopped == "" || res.Failed != nil || b.placed != 1 {
		t.Errorf("want apply stopped before placing, got %q, %+v and %d placements", res.Stopped, res.Failed, b.placed)
	}
}

func outcomes(done []Outcome) []string {
	var out []string
	for _, o := range done {
		out = append(out, o.Change.Address)
	}
	return out
}

// TestApplyLostAnswerOrderFilledAtOnce: the answer is lost and the order
// filled at once. Read-back still finds it: nothing is placed twice.
func TestApplyLostAnswerOrderFilledAtOnce(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.lose, b.fillOnPlace = true, true
	b.placeHook = func(int, provider.OrderSpec) error { return fmt.Errorf("post: %w", provider.ErrAmbiguous) }
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)

	_, res := cycle(t, b, cfg, rec)
	if res.Failed != nil {
		t.Fatalf("want the filled order adopted, got %v", res.Failed.Err)
	}
	b.placeHook = nil
	if p, _ := cycle(t, b, cfg, rec); p.HasChanges() || b.placed != 1 {
		t.Errorf("want no second placement, got %v and %d placements", summary(p), b.placed)
	}
}

// TestApplyPreflightRefusal: the broker's preflight refuses the second
// order. Nothing at all is done.
func TestApplyPreflightRefusal(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.dryRunHook = func(spec provider.OrderSpec) error {
		if spec.ExternalIdentifier == OrderTag("default", "order.b") {
			return &provider.APIError{Status: 422, Code: "preflight_check_failure",
				Details: []provider.Message{{Code: "invalid_price_increment"}}}
		}
		return nil
	}
	cfg := threeOrders()
	cfg.Watchlists = []*config.Watchlist{watchlist("watchlist.tech", "Tech", "AAPL")}
	rec := newRecord(t)
	st, _ := Read(context.Background(), b, cfg, rec.Entry("local"), time.Now())
	p := Diff(cfg, st, Options{Version: "test", Record: rec.Entry("local")})
	_, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local"})
	if err == nil || !strings.Contains(err.Error(), "order.b") {
		t.Fatalf("want the preflight to name order.b, got %v", err)
	}
	if b.placed != 0 || len(b.watchlists) != 0 {
		t.Errorf("want nothing done, got %d orders and %d watchlists", b.placed, len(b.watchlists))
	}
}

func TestApplyRefusesPlanWithErrors(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	p := &Plan{Errors: []Note{{Message: "unknown status"}}, Changes: []*Change{{Address: "order.x", Action: Create,
		order: &orderOp{Account: "5WT00001", Spec: nvdaDip("1").Spec}}}}
	if _, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: newRecord(t)}); err == nil {
		t.Fatal("Apply() of a plan with errors succeeded")
	}
	if b.placed != 0 {
		t.Errorf("placed %d orders", b.placed)
	}
}

func TestApplyOrderCancelsFirst(t *testing.T) {
	t.Parallel()
	mk := func(a Action, address string, wl bool) *Change {
		c := &Change{Action: a, Address: address, order: &orderOp{}}
		if wl {
			c.order, c.watchlist = nil, &watchlistOp{}
		}
		return c
	}
	got := addresses(applyOrder([]*Change{
		mk(Create, "order.a", false), mk(Update, "order.b", false), mk(Replace, "order.c", false),
		mk(Delete, "order.d", false), mk(Create, "watchlist.e", true),
	}))
	want := []string{"watchlist.e", "order.d", "order.c", "order.b", "order.a"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("applyOrder() (-want +got):\n%s", diff)
	}
}

// TestApplyLostWatchlistAnswer: the watchlist is created but the answer
// is lost. It is still recorded as ttplan's, so removing its block later
// deletes it.
func TestApplyLostWatchlistAnswer(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	b.loseWatchlist = true
	cfg, rec := testConfig(nil, watchlist("watchlist.tech", "Tech", "AAPL")), newRecord(t)

	if _, res := cycle(t, b, cfg, rec); res.Failed == nil {
		t.Fatal("want the lost answer reported")
	}
	if p, _ := cycle(t, b, cfg, rec); p.HasChanges() {
		t.Fatalf("plan after: %v", summary(p))
	}
	if _, res := cycle(t, b, testConfig(nil), rec); res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if len(b.watchlists) != 0 {
		t.Errorf("watchlist left behind: %v", b.watchlists)
	}
}

// TestDiffFilledNoteNamesTheNewestFill: after a replace, the note is
// about the order that filled last, with its average price.
func TestDiffFilledNoteNamesTheNewestFill(t *testing.T) {
	t.Parallel()
	first := liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)
	first.Legs[0].Fills = []provider.Fill{{Quantity: decimal.NewFromInt(4), Price: decimal.NewFromInt(90)}}
	second := liveOrder(nvdaDip("95"), 11, provider.StatusFilled)
	second.Legs[0].Fills = []provider.Fill{
		{Quantity: decimal.NewFromInt(2), Price: decimal.NewFromInt(94)},
		{Quantity: decimal.NewFromInt(4), Price: decimal.NewFromInt(95)},
	}
	p := Diff(testConfig([]*config.Order{nvdaDip("95")}), &State{Orders: []provider.Order{first, second}}, Options{Version: "test"})
	if len(p.Drift) != 1 || !strings.Contains(p.Drift[0].Message, "order 11 filled (6 at 94.6667") {
		t.Errorf("drift = %+v", p.Drift)
	}
}

// TestApplyRefusesWhenAnotherRunPlaced: between this run's plan and its
// placement, another run placed the order and it filled. The placement is
// refused: the tag shows an order the plan did not see.
func TestApplyRefusesWhenAnotherRunPlaced(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)

	st, _ := Read(context.Background(), b, cfg, rec.Entry("local"), time.Now())
	p := Diff(cfg, st, Options{Version: "test", Record: rec.Entry("local")})

	cycle(t, b, cfg, newRecord(t)) // the other run
	b.fill(100, "10")

	res, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local"})
	if err != nil || res.Failed == nil || !strings.Contains(res.Failed.Err.Error(), "appeared since the plan") {
		t.Fatalf("want the placement refused, got %v / %+v", err, res)
	}
	if b.placed != 1 {
		t.Errorf("want 1 placement in all, got %d", b.placed)
	}
}

// TestDiffChainOfAppEdits: the order was edited twice in the app. The
// last edit stands, so the declared order is not placed again.
func TestDiffChainOfAppEdits(t *testing.T) {
	t.Parallel()
	first := liveOrder(nvdaDip("95.5"), 10, provider.StatusCancelled)
	first.ReplacingOrderID = 11
	second := liveOrder(nvdaDip("94"), 11, provider.StatusCancelled)
	second.ExternalIdentifier, second.ReplacingOrderID, second.ReplacesOrderID = "", 12, 10
	third := liveOrder(nvdaDip("93"), 12, provider.StatusLive)
	third.ExternalIdentifier, third.ReplacesOrderID = "", 11

	p := Diff(testConfig([]*config.Order{nvdaDip("95.5")}), &State{Orders: []provider.Order{first, second, third}}, Options{Version: "test"})
	if diff := cmp.Diff([]string{"drift order.nvda_dip"}, summary(p)); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
}

// TestApplyPreflightOfUpdateUsesWhatIsLeft: a partly filled stop moves.
// The preflight asks about the quantity the replacement will carry, not
// the declared total.
func TestApplyPreflightOfUpdateUsesWhatIsLeft(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	cfg, rec := testConfig([]*config.Order{nvdaDip("95.5")}), newRecord(t)
	cycle(t, b, cfg, rec)
	b.fill(100, "3")
	b.orders[100].Legs[0].RemainingQuantity = dec("7")

	var asked []string
	b.dryRunHook = func(spec provider.OrderSpec) error {
		asked = append(asked, spec.Legs[0].Quantity.Decimal.String())
		return nil
	}
	cfg.Orders[0].Spec.Price = dec("94")
	if _, res := cycle(t, b, cfg, rec); res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if diff := cmp.Diff([]string{"7"}, asked); diff != "" {
		t.Errorf("preflight quantities (-want +got):\n%s", diff)
	}
}
