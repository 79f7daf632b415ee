package reconcile

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

func notes(ns []Note) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.Address+": "+n.Message)
	}
	return out
}

func hasNote(ns []Note, address, part string) bool {
	for _, n := range ns {
		if n.Address == address && strings.Contains(n.Message, part) {
			return true
		}
	}
	return false
}

// prevent_destroy turns a cancel or a cancel-and-place into an error,
// while the block declares it and after the block is removed, as long as
// the record remembers it.
func TestPreventDestroy(t *testing.T) {
	t.Parallel()
	live := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	protected := nvdaDip("95.5")
	protected.Lifecycle.PreventDestroy = true
	moreShares := nvdaDip("95.5")
	moreShares.Lifecycle.PreventDestroy = true
	moreShares.Spec.Legs = []provider.Leg{{InstrumentType: provider.Equity, Symbol: "NVDA", Action: provider.BuyToOpen, Quantity: dec("11")}}
	lifted := nvdaDip("95.5")

	recorded := func() *RecordEntry {
		e := (&Record{Environments: map[string]*RecordEntry{}}).Entry("k")
		e.Orders[live.ExternalIdentifier] = RecordOrder{Address: "order.nvda_dip"}
		e.PreventDestroy = []string{"order.nvda_dip"}
		return e
	}

	tests := []struct {
		name    string
		orders  []*config.Order
		rec     *RecordEntry
		wantErr string
		protect []string
	}{
		{"declared, unchanged", []*config.Order{protected}, nil, "", []string{"order.nvda_dip"}},
		{"declared, replaced", []*config.Order{moreShares}, nil, "would cancel and place again order.nvda_dip", []string{"order.nvda_dip"}},
		{"removed, remembered", nil, recorded(), "since removed", []string{"order.nvda_dip"}},
		{"lifted by the block", []*config.Order{lifted}, recorded(), "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := Diff(testConfig(tt.orders), &State{Orders: []provider.Order{live}}, Options{Version: "test", Record: tt.rec})
			if tt.wantErr == "" && len(p.Errors) > 0 {
				t.Errorf("unexpected errors: %v", notes(p.Errors))
			}
			if tt.wantErr != "" && !hasNote(p.Errors, "order.nvda_dip", tt.wantErr) {
				t.Errorf("errors = %v, want one with %q", notes(p.Errors), tt.wantErr)
			}
			if diff := cmp.Diff(tt.protect, p.PreventDestroy); diff != "" {
				t.Errorf("PreventDestroy (-want +got):\n%s", diff)
			}
		})
	}

	// -force is for limits only: it never lifts prevent_destroy.
	p := Diff(testConfig(nil), &State{Orders: []provider.Order{live}}, Options{Version: "test", Record: recorded()})
	CheckLimits(p, &config.Limits{MaxCancelPercent: dec("10")}, 1, true)
	if len(p.Errors) != 1 || !hasNote(p.Errors, "order.nvda_dip", "prevent_destroy") {
		t.Errorf("with -force, errors = %v, want the prevent_destroy one", notes(p.Errors))
	}
	if !hasNote(p.Warnings, "", "limits.max_cancel_percent") {
		t.Errorf("with -force, warnings = %v, want the limit passed as a warning", notes(p.Warnings))
	}
}

// Apply remembers the protected addresses, so that removing the block
// later does not lift the protection.
func TestApplyRemembersPreventDestroy(t *testing.T) {
	t.Parallel()
	b := newFakeBroker()
	d := nvdaDip("95.5")
	d.Lifecycle.PreventDestroy = true
	rec := &Record{Environments: map[string]*RecordEntry{}, path: t.TempDir() + "/record.json"}
	p := Diff(testConfig([]*config.Order{d}), &State{}, Options{Version: "test", Record: rec.Entry("k")})
	if _, err := Apply(context.Background(), p, ApplyOptions{Broker: b, Record: rec, RecordKey: "k", Workspace: "default"}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"order.nvda_dip"}, rec.Entry("k").PreventDestroy); diff != "" {
		t.Errorf("record PreventDestroy (-want +got):\n%s", diff)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	// Two new orders worth 955 and 1910; one standing order to cancel.
	small := nvdaDip("95.5")
	big := nvdaDip("95.5")
	big.Address = "order.big"
	big.Spec.Legs = []provider.Leg{{InstrumentType: provider.Equity, Symbol: "NVDA", Action: provider.BuyToOpen, Quantity: dec("20")}}
	gone := liveOrder(&config.Order{Address: "order.gone", Account: "5WT00001", Spec: nvdaDip("90").Spec}, 7, provider.StatusLive)
	keep := liveOrder(&config.Order{Address: "order.keep", Account: "5WT00001", Spec: nvdaDip("80").Spec}, 8, provider.StatusLive)
	keepCfg := &config.Order{Address: "order.keep", Account: "5WT00001", Spec: nvdaDip("80").Spec}
	rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("k")
	rec.Orders[gone.ExternalIdentifier] = RecordOrder{Address: "order.gone"}
	st := &State{Orders: []provider.Order{gone, keep}}

	plan := func() *Plan {
		p := Diff(testConfig([]*config.Order{small, big, keepCfg}), st, Options{Version: "test", Record: rec})
		if err := Preview(context.Background(), newFakeBroker(), testConfig(nil), p, PreviewOptions{}); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name   string
		limits config.Limits
		want   []string
	}{
		{"none exceeded", config.Limits{MaxOrderValue: dec("2000"), MaxQuantity: dec("20"), MaxActions: 3, MaxCancelPercent: dec("50")}, nil},
		{"order value", config.Limits{MaxOrderValue: dec("1000")}, []string{"order.big: limits.max_order_value: it places an order worth 1910.00, more than the 1000 allowed"}},
		{"quantity", config.Limits{MaxQuantity: dec("10")}, []string{"order.big: limits.max_quantity: it places 20 of NVDA, more than the 10 allowed"}},
		{"actions", config.Limits{MaxActions: 2}, []string{": limits.max_actions: the plan has 3 actions, more than the 2 allowed"}},
		{"cancel share", config.Limits{MaxCancelPercent: dec("49.9")}, []string{": limits.max_cancel_percent: the plan cancels 1 of the 2 orders ttplan manages (50%), more than the 49.9% allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := plan()
			CheckLimits(p, &tt.limits, st.Managed("default"), false)
			var got []string
			for _, n := range notes(p.Errors) {
				got = append(got, strings.TrimSuffix(n, "; fix the configuration, raise the limit, or give -force"))
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}

			forced := plan()
			CheckLimits(forced, &tt.limits, st.Managed("default"), true)
			limitWarnings := 0
			for _, n := range forced.Warnings {
				if strings.Contains(n.Message, "limits.") {
					limitWarnings++
				}
			}
			if len(forced.Errors) != 0 || limitWarnings != len(tt.want) {
				t.Errorf("with -force: errors %v, warnings %v", notes(forced.Errors), notes(forced.Warnings))
			}
		})
	}
}

// Preview shows the dry run's money impact under each change and in
// total, and turns a refusal or an off-tick price into an error that
// names the block.
func TestPreview(t *testing.T) {
	t.Parallel()
	a, b := nvdaDip("95.5"), nvdaDip("95.5")
	b.Address = "order.second"
	b.DeclRange.Filename, b.DeclRange.Start.Line = "/x/orders.tt.hcl", 12
	cfg := testConfig([]*config.Order{a, b})

	broker := newFakeBroker()
	broker.dryRunResult = provider.DryRunResult{BuyingPowerChange: dec("955").Decimal, BuyingPowerChangeEffect: provider.Debit,
		Fees: dec("1.25").Decimal, Warnings: []provider.Message{{Code: "tif_next_valid_sesssion", Message: "begins at the open"}}}
	p := Diff(cfg, &State{}, Options{Version: "test"})
	if err := Preview(context.Background(), broker, cfg, p, PreviewOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(&out, p, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# dry run: buying power -955.00, fees 1.25", "# broker warning: begins at the open",
		"Dry run in total: buying power -1910.00, fees 2.50."} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("plan lacks %q:\n%s", want, out.String())
		}
	}

	if len(p.Errors) > 0 {
		t.Errorf("an informational warning failed the plan: %v", notes(p.Errors))
	}

	// A warning ttplan does not know stops the plan, unless allowed.
	broker.dryRunResult.Warnings = []provider.Message{{Code: "odd_lot", Message: "odd lots route slowly"}}
	p = Diff(cfg, &State{}, Options{Version: "test"})
	if err := Preview(context.Background(), broker, cfg, p, PreviewOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if !hasNote(p.Errors, "order.second", "warns (odd_lot): odd lots route slowly") {
		t.Errorf("unknown warning: errors = %v", notes(p.Errors))
	}
	p = Diff(cfg, &State{}, Options{Version: "test"})
	if err := Preview(context.Background(), broker, cfg, p, PreviewOptions{DryRun: true, AllowWarnings: []string{"odd_lot"}}); err != nil {
		t.Fatal(err)
	}
	if len(p.Errors) > 0 {
		t.Errorf("allowed warning: errors = %v", notes(p.Errors))
	}

	// A buying-power refusal names the block.
	broker.dryRunHook = func(spec provider.OrderSpec) error {
		return &provider.APIError{Status: 422, Code: "preflight_check_failure", Details: []provider.Message{{
			Code: "margin_check_failed", Message: "Account does not have sufficient buying power available for this order."}}}
	}
	p = Diff(cfg, &State{}, Options{Version: "test"})
	if err := Preview(context.Background(), broker, cfg, p, PreviewOptions{DryRun: true}); err != nil {
		t.Fatal(err)
	}
	if !hasNote(p.Errors, "order.second", "sufficient buying power available for this order. (orders.tt.hcl:12)") {
		t.Errorf("errors = %v", notes(p.Errors))
	}

	// -dry-run=false asks nothing, but tick sizes are still checked.
	off := nvdaDip("95.555")
	cfg = testConfig([]*config.Order{off})
	p = Diff(cfg, &State{}, Options{Version: "test"})
	if err := Preview(context.Background(), broker, cfg, p, PreviewOptions{}); err != nil {
		t.Fatal(err)
	}
	if p.Changes[0].Impact != nil || p.Impact != nil {
		t.Error("a dry run ran with DryRun unset")
	}
	want := []string{"order.nvda_dip: price 95.555 is not a multiple of 0.01, the tick size of NVDA at that price; ttplan never rounds a price"}
	if diff := cmp.Diff(want, notes(p.Errors)); diff != "" {
		t.Errorf("errors (-want +got):\n%s", diff)
	}
}
