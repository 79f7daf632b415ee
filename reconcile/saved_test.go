package reconcile

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// TestSavedPlanRoundTrip writes a plan to a file, reads it back, and
// checks it renders the same and knows what moved.
func TestSavedPlanRoundTrip(t *testing.T) {
	t.Parallel()
	standing := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	finished := liveOrder(&config.Order{Address: "order.old", Account: "5WT00001", Spec: nvdaDip("1").Spec}, 9, provider.StatusCancelled)
	st := &State{Accounts: []provider.Account{{Number: "5WT00001"}}, Orders: []provider.Order{standing, finished}}
	cfg := testConfig([]*config.Order{nvdaDip("94")})
	p := Diff(cfg, st, Options{Version: "test"})

	sp, err := Save(p, st, SavedProvider{Environment: "local", Workspace: "default", RecordKey: "local"}, "test", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan")
	if err := sp.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := LoadSaved(path)
	if err != nil {
		t.Fatal(err)
	}
	restored, err := loaded.Restore(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(restored.Changes) != 1 || restored.Changes[0].order == nil || restored.Changes[0].order.Live.ID != 10 {
		t.Fatalf("restored plan lost its action: %+v", restored.Changes)
	}
	if !restored.Changes[0].order.Spec.Price.Decimal.Equal(dec("94").Decimal) {
		t.Errorf("price came back as %s", restored.Changes[0].order.Spec.Price.Decimal)
	}

	// The finished order leaving the live list is no move; a fill on the
	// standing one is, and so is a new order with the workspace's tag.
	filled := standing
	filled.Legs = []provider.Leg{standing.Legs[0]}
	filled.Legs[0].Fills = []provider.Fill{{Quantity: dec("1").Decimal}}
	other := liveOrder(&config.Order{Address: "order.new", Account: "5WT00001", Spec: nvdaDip("1").Spec}, 11, provider.StatusLive)
	tests := []struct {
		name string
		now  []provider.Order
		want []string
	}{
		{"unchanged", []provider.Order{standing, finished}, nil},
		{"finished order gone", []provider.Order{standing}, nil},
		{"fill", []provider.Order{filled}, []string{"order 10 changed (now Live, partly filled)"}},
		{"new tagged order", []provider.Order{standing, other}, []string{"order 11 with a ttplan tag appeared"}},
	}
	for _, tt := range tests {
		now := &State{Accounts: st.Accounts, Orders: tt.now}
		if diff := cmp.Diff(tt.want, loaded.Moved(now)); diff != "" {
			t.Errorf("%s: Moved() (-want +got):\n%s", tt.name, diff)
		}
	}
}

// TestSavedPlanTampering: an edited plan file cannot place or cancel an
// order that the plan does not show.
func TestSavedPlanTampering(t *testing.T) {
	t.Parallel()
	stranger := liveOrder(nvdaDip("95.5"), 20, provider.StatusLive)
	stranger.ExternalIdentifier = ""
	standing := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	st := &State{Accounts: []provider.Account{{Number: "5WT00001"}}, Orders: []provider.Order{standing, stranger}}
	cfg := testConfig([]*config.Order{nvdaDip("94")})
	cfg.Orders = append(cfg.Orders, &config.Order{Address: "order.fresh", Account: "5WT00001", Spec: nvdaDip("50").Spec})

	tamper := map[string]func(sp *SavedPlan){
		"price":    func(sp *SavedPlan) { sp.Actions[0].Order.Spec.Price = dec("120") },
		"quantity": func(sp *SavedPlan) { sp.Actions[0].Order.Spec.Legs[0].Quantity = dec("12") },
		"tag":      func(sp *SavedPlan) { sp.Actions[0].Order.Spec.ExternalIdentifier = "" },
		"stranger": func(sp *SavedPlan) { s := stranger; sp.Actions[1].Order.Live = &s },
		"swap": func(sp *SavedPlan) {
			sp.Actions[0].Order, sp.Actions[1].Order = sp.Actions[1].Order, sp.Actions[0].Order
		},
	}
	for name, edit := range tamper {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p := Diff(cfg, st, Options{Version: "test"})
			if len(p.Changes) != 2 {
				t.Fatalf("want 2 changes, got %v", summary(p))
			}
			sp, err := Save(p, st, SavedProvider{Workspace: "default"}, "test", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "plan")
			if err := sp.WriteFile(path); err != nil {
				t.Fatal(err)
			}
			loaded, err := LoadSaved(path)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := loaded.Restore(cfg, st, nil); err != nil {
				t.Fatalf("untouched plan refused: %v", err)
			}
			edit(loaded)
			if _, err := loaded.Restore(cfg, st, nil); err == nil {
				t.Error("Restore() accepted the edited plan")
			}
		})
	}
}

// A plan file edited so that a cancel of one block's order points at
// another block's order is refused: the order must carry its address's
// tag, as declared or recorded.
func TestSavedPlanCancelTargetsItsAddress(t *testing.T) {
	t.Parallel()
	gone := liveOrder(&config.Order{Address: "order.old", Account: "5WT00001", Spec: nvdaDip("90").Spec}, 7, provider.StatusLive)
	kept := liveOrder(nvdaDip("95.5"), 8, provider.StatusLive)
	st := &State{Accounts: []provider.Account{{Number: "5WT00001"}}, Orders: []provider.Order{gone, kept}}
	rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("k")
	rec.Orders[gone.ExternalIdentifier] = RecordOrder{Address: "order.old"}
	rec.Orders[kept.ExternalIdentifier] = RecordOrder{Address: "order.nvda_dip"}
	cfg := testConfig([]*config.Order{nvdaDip("95.5")})
	p := Diff(cfg, st, Options{Version: "test", Record: rec, RecordFound: true})
	if diff := cmp.Diff([]string{"- order.old"}, summary(p)); diff != "" {
		t.Fatalf("plan (-want +got):\n%s", diff)
	}
	sp, err := Save(p, st, SavedProvider{Workspace: "default"}, "test", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sp.Restore(cfg, st, rec); err != nil {
		t.Fatalf("untouched plan refused: %v", err)
	}
	k := kept
	sp.Actions[0].Order.Live = &k
	sp.Plan.Changes[0].Before.Attrs[0].Value = "8"
	if _, err := sp.Restore(cfg, st, rec); err == nil {
		t.Error("a cancel retargeted at another block's order was accepted")
	}
}
