package reconcile

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// bracket is an OTOCO: buy 10 NVDA at 95.50, then take profit at 120 or
// stop out at 90.
func bracket(takeProfit string) *config.ComplexOrder {
	leg := func(a provider.Action) []provider.Leg {
		return []provider.Leg{{InstrumentType: provider.Equity, Symbol: "NVDA", Action: a, Quantity: dec("10")}}
	}
	return &config.ComplexOrder{
		Address: "otoco.nvda", Type: provider.OTOCO, Account: "5WT00001",
		Trigger: &config.Component{Name: "trigger", Spec: provider.OrderSpec{OrderType: provider.Limit,
			TimeInForce: provider.Day, Price: dec("95.5"), PriceEffect: provider.Debit, Legs: leg(provider.BuyToOpen)}},
		Orders: []*config.Component{
			{Name: "take_profit", Spec: provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec(takeProfit), PriceEffect: provider.Credit, Legs: leg(provider.SellToClose)}},
			{Name: "stop_loss", Spec: provider.OrderSpec{OrderType: provider.Stop, TimeInForce: provider.GTC,
				StopTrigger: dec("90"), Legs: leg(provider.SellToClose)}},
		},
	}
}

func bracketConfig(cos ...*config.ComplexOrder) *config.Config {
	cfg := testConfig(nil)
	cfg.ComplexOrders = cos
	return cfg
}

// An OTOCO's life: placed once; its trigger fills and nothing is placed
// again; a take-profit price change replaces that component alone; the
// block's removal cancels the bracket by its complex order id. After
// every apply the plan is empty.
func TestComplexOrderLifecycle(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	steps := []struct {
		name  string
		cfg   *config.Config
		setup func()
		want  []string
	}{
		{"placed", bracketConfig(bracket("120")), nil, []string{"+ otoco.nvda"}},
		{"trigger filled", bracketConfig(bracket("120")), func() { b.triggerFilled(9100) }, []string{"drift otoco.nvda"}},
		{"take profit moved", bracketConfig(bracket("125")), nil, []string{"~ otoco.nvda", "drift otoco.nvda"}},
		{"block removed", bracketConfig(), nil, []string{"- otoco.nvda"}},
	}
	for _, s := range steps {
		if s.setup != nil {
			s.setup()
		}
		p, res := cycle(t, b, s.cfg, rec)
		if res.Failed != nil {
			t.Fatalf("%s: apply failed: %v", s.name, res.Failed.Err)
		}
		if diff := cmp.Diff(s.want, summary(p)); diff != "" {
			t.Fatalf("%s: plan (-want +got):\n%s\nerrors: %v", s.name, diff, notes(p.Errors))
		}
		again, _ := cycle(t, b, s.cfg, rec)
		if again.HasChanges() || len(again.Errors) > 0 {
			t.Fatalf("%s: plan after apply: %v %v", s.name, summary(again), notes(again.Errors))
		}
	}
	if b.placed != 1 {
		t.Errorf("complex orders placed = %d, want 1", b.placed)
	}
	for _, o := range b.orders {
		if o.Status.Working() {
			t.Errorf("order %d (%s) still %s after the block was removed", o.ID, o.ComplexOrderTag, o.Status)
		}
	}
}

// Before its trigger fills, a change to a contingent component cannot
// be made in place: the whole bracket is cancelled and placed again.
func TestComplexOrderReplacedWhole(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	p, res := cycle(t, b, bracketConfig(bracket("125")), rec)
	if diff := cmp.Diff([]string{"-/+ otoco.nvda"}, summary(p)); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
	if res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if again, _ := cycle(t, b, bracketConfig(bracket("125")), rec); again.HasChanges() {
		t.Errorf("plan after apply: %v", summary(again))
	}
	working := 0
	for _, o := range b.orders {
		if o.Status.Working() {
			working++
		}
	}
	if working != 3 {
		t.Errorf("%d working orders, want the 3 of the new bracket", working)
	}
}

// A saved plan to place a bracket restores to the configuration's
// order, whatever an edited file says; one whose tags or cancel target
// were edited is refused.
func TestComplexOrderSavedPlan(t *testing.T) {
	t.Parallel()
	cfg := bracketConfig(bracket("120"))
	st := &State{Accounts: []provider.Account{{Number: "5WT00001"}}}
	p := Diff(cfg, st, Options{Version: "test"})
	sp, err := Save(p, st, SavedProvider{Workspace: "default"}, "test", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := t.TempDir() + "/plan"
	if err := sp.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	for name, tt := range map[string]struct {
		edit   func(sp *SavedPlan)
		refuse bool
	}{
		"untouched": {func(*SavedPlan) {}, false},
		"price":     {func(sp *SavedPlan) { sp.Actions[0].Complex.Spec.Orders[0].Price = dec("200") }, false},
		"type":      {func(sp *SavedPlan) { sp.Actions[0].Complex.Spec.Type = provider.OTO }, false},
		"tag":       {func(sp *SavedPlan) { sp.Actions[0].Complex.Tags[1] = "tt1.x.y" }, true},
		"no orders": {func(sp *SavedPlan) { sp.Actions[0].Complex.Spec.Orders = nil }, false},
	} {
		loaded, err := LoadSaved(path)
		if err != nil {
			t.Fatal(err)
		}
		tt.edit(loaded)
		restored, err := loaded.Restore(cfg, st, nil)
		if tt.refuse {
			if err == nil {
				t.Errorf("%s: edited plan accepted", name)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		spec := restored.Changes[0].complex.Spec
		if spec.Type != provider.OTOCO || len(spec.Orders) != 2 || spec.Orders[0].Price.Decimal.String() != "120" {
			t.Errorf("%s: restored %+v, want the configuration's bracket", name, spec)
		}
	}

	// A plan to cancel a bracket cannot be turned on another complex order.
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	cycle(t, b, bracketConfig(&config.ComplexOrder{Address: "otoco.other", Type: provider.OTOCO, Account: "5WT00001",
		Trigger: bracket("130").Trigger, Orders: bracket("130").Orders}, bracket("120")), rec)
	now, err := Read(context.Background(), b, bracketConfig(), rec.Entry("local"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	del := Diff(bracketConfig(bracket("120")), now, Options{Version: "test", Record: rec.Entry("local"), Targets: []string{"otoco.other"}})
	if len(del.Changes) != 1 || del.Changes[0].Action != Delete {
		t.Fatalf("want one delete, got %v", summary(del))
	}
	sp, err = Save(del, now, SavedProvider{Workspace: "default"}, "test", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	other := sp.Actions[0].Complex.LiveID
	for _, o := range now.Orders {
		if o.ComplexOrderID != other {
			sp.Actions[0].Complex.LiveID = o.ComplexOrderID
			break
		}
	}
	if _, err := sp.Restore(bracketConfig(bracket("120")), now, nil); err == nil {
		t.Error("a plan edited to cancel another complex order was accepted")
	}
}

// Two standing brackets for one block (two runs raced): the older is
// cancelled, the newer kept.
func TestComplexOrderDuplicateCancelled(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	op := newComplexOp(bracket("120"), "default", "test")
	if _, err := b.PlaceComplexOrder(context.Background(), "5WT00001", *op.Spec); err != nil {
		t.Fatal(err)
	}
	p, res := cycle(t, b, bracketConfig(bracket("120")), rec)
	if diff := cmp.Diff([]string{"- otoco.nvda"}, summary(p)); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
	if res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	if p.Changes[0].complex.LiveID != 9100 {
		t.Errorf("cancelled complex order %d, want the older one, 9100", p.Changes[0].complex.LiveID)
	}
	if again, _ := cycle(t, b, bracketConfig(bracket("120")), rec); again.HasChanges() {
		t.Errorf("plan after apply: %v", summary(again))
	}
}

// A GTD bracket that expired at its own date is not placed again; with
// a later date it is.
func TestComplexOrderExpiredGTD(t *testing.T) {
	t.Parallel()
	gtd := func(date string) *config.ComplexOrder {
		co := bracket("120")
		co.Trigger.Spec.TimeInForce, co.Trigger.Spec.GTCDate = provider.GTD, date
		return co
	}
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(gtd("2026-12-18")), rec)
	for _, o := range b.orders {
		if o.Status.Working() {
			o.Status = provider.StatusExpired
		}
	}
	p, _ := cycle(t, b, bracketConfig(gtd("2026-12-18")), rec)
	if diff := cmp.Diff([]string{"drift otoco.nvda"}, summary(p)); diff != "" {
		t.Errorf("same date: plan (-want +got):\n%s", diff)
	}
	p, _ = cycle(t, b, bracketConfig(gtd("2026-12-24")), rec)
	if diff := cmp.Diff([]string{"+ otoco.nvda", "drift otoco.nvda"}, summary(p)); diff != "" {
		t.Errorf("later date: plan (-want +got):\n%s", diff)
	}
}

// Raising rearm on a bracket that has traded leaves its exits standing,
// with a warning, and places the new one; on one that has not traded it
// cancels the old one.
func TestComplexOrderRearm(t *testing.T) {
	t.Parallel()
	rearmed := func() *config.ComplexOrder { co := bracket("120"); co.Rearm = 1; return co }

	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	p, _ := cycle(t, b, bracketConfig(rearmed()), rec)
	if diff := cmp.Diff([]string{"- otoco.nvda", "+ otoco.nvda"}, summary(p)); diff != "" {
		t.Errorf("untraded: plan (-want +got):\n%s", diff)
	}

	b, rec = newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	b.triggerFilled(9100)
	p, _ = cycle(t, b, bracketConfig(rearmed()), rec)
	if diff := cmp.Diff([]string{"+ otoco.nvda"}, summary(p)); diff != "" {
		t.Errorf("traded: plan (-want +got):\n%s", diff)
	}
	if !hasNote(p.Warnings, "otoco.nvda", "has traded; ttplan leaves its standing orders alone") {
		t.Errorf("traded: warnings = %v", notes(p.Warnings))
	}
}

// Of two brackets for one block, the one that traded is the block's: the
// untraded duplicate is cancelled, never the exits of what was bought.
func TestComplexOrderDuplicatePrefersTraded(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	op := newComplexOp(bracket("120"), "default", "test")
	dup, err := b.PlaceComplexOrder(context.Background(), "5WT00001", *op.Spec)
	if err != nil {
		t.Fatal(err)
	}
	b.triggerFilled(9100)
	p, res := cycle(t, b, bracketConfig(bracket("120")), rec)
	if len(p.Changes) != 1 || p.Changes[0].Action != Delete || p.Changes[0].complex.LiveID != dup.ID {
		t.Fatalf("plan = %v, want the cancel of the untraded duplicate %d", summary(p), dup.ID)
	}
	if res.Failed != nil {
		t.Fatal(res.Failed.Err)
	}
	for _, o := range b.orders {
		if o.ComplexOrderID == 9100 && o.Status == provider.StatusCancelled {
			t.Errorf("order %d of the traded bracket was cancelled", o.ID)
		}
	}
}

// Raising rearm while the old bracket's trigger is partly filled and
// still working is an error: beside the new trigger it would buy more.
func TestComplexOrderRearmWithWorkingTrigger(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	cycle(t, b, bracketConfig(bracket("120")), rec)
	b.fill(100, "4")
	co := bracket("120")
	co.Rearm = 1
	p, _ := cycle(t, b, bracketConfig(co), rec)
	if !hasNote(p.Errors, "otoco.nvda", "its trigger (order 100) still stands") {
		t.Errorf("errors = %v", notes(p.Errors))
	}
}

// An apply never places two orders with one tag, whatever the plan says.
func TestApplyPlacesATagOnce(t *testing.T) {
	t.Parallel()
	b, rec := newFakeBroker(), newRecord(t)
	p := Diff(testConfig([]*config.Order{nvdaDip("95.5")}), &State{}, Options{Version: "test"})
	p.Changes = append(p.Changes, p.Changes[0])
	res, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: rec, RecordKey: "local", Workspace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed == nil || b.placed != 1 {
		t.Errorf("placed %d orders, failed = %v; want 1 placed and the second refused", b.placed, res.Failed)
	}
}
