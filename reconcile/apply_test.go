package reconcile

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

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
	res := Apply(ctx, p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local", Workspace: "default",
		SettlePoll: time.Millisecond})
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
	if res.Failed == nil || !strings.Contains(res.Failed.Err.Error(), "was not placed") {
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
	if len(res.Done) != 1 || !strings.Contains(res.Done[0].Message, "already Filled") {
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
