package reconcile

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

func TestScrub(t *testing.T) {
	t.Parallel()
	values := sensitiveValues(nvdaDip("95.5").Spec, []string{"price"})
	tests := map[string]string{
		"filled 10 at 95.5 on 2026-12-03":    "filled 10 at (sensitive value) on 2026-12-03",
		"price 95.50 is off the tick":        "price (sensitive value) is off the tick",
		"price 95.5000 is off the tick":      "price (sensitive value) is off the tick",
		"195.5 and 95.55 and 95.5x are kept": "195.5 and 95.55 and 95.5x are kept",
		"95.5":                               "(sensitive value)",
		"it fills at 95.5.":                  "it fills at (sensitive value).",
		"fees 95.50 in total":                "fees (sensitive value) in total",
	}
	for in, want := range tests {
		if got := scrub(in, values); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}

// A sensitive leg quantity that changes shows as a change inside the leg,
// and neither value is shown.
func TestRenderSensitiveLegChange(t *testing.T) {
	t.Parallel()
	live := liveOrder(nvdaDip("95.5"), 10, provider.StatusLive)
	d := nvdaDip("95.5")
	d.Spec.Legs[0].Quantity = dec("17")
	d.Sensitive = []string{"leg.quantity", "price"}
	p := Diff(testConfig([]*config.Order{d}), &State{Orders: []provider.Order{live}}, Options{Version: "test"})
	if len(p.Changes) != 1 || p.Changes[0].Action != Replace {
		t.Fatalf("want one replacement, got %v", summary(p))
	}

	var out bytes.Buffer
	if err := Render(&out, p, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	squeezed := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"~ leg { # forces replacement", "~ quantity = (sensitive value)"} {
		if !strings.Contains(squeezed, want) {
			t.Errorf("plan lacks %q:\n%s", want, text)
		}
	}
	for _, secret := range []string{"17", "95.5", "10\n"} {
		if strings.Contains(text, secret) {
			t.Errorf("plan shows %q:\n%s", secret, text)
		}
	}
}

// A plan file keeps no sensitive value; restoring takes it from the
// configuration, and refuses when the configuration no longer marks the
// same values sensitive.
func TestSavedPlanSensitive(t *testing.T) {
	t.Parallel()
	d := nvdaDip("95.5")
	live := liveOrder(d, 10, provider.StatusLive)
	d = nvdaDip("93.21")
	d.Sensitive = []string{"price"}
	cfg := testConfig([]*config.Order{d})
	st := &State{Accounts: []provider.Account{{Number: "5WT00001"}}, Orders: []provider.Order{live}}
	p := Diff(cfg, st, Options{Version: "test"})

	sp, err := Save(p, st, SavedProvider{Workspace: "default"}, "test", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "plan")
	if err := sp.WriteFile(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"93.21", "95.5"} {
		if bytes.Contains(data, []byte(secret)) {
			t.Errorf("plan file holds %s", secret)
		}
	}

	loaded, err := LoadSaved(path)
	if err != nil {
		t.Fatal(err)
	}
	restored, err := loaded.Restore(cfg, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	op := restored.Changes[0].order
	if got := op.Spec.Price.Decimal.String(); got != "93.21" {
		t.Errorf("restored price = %s, want 93.21", got)
	}
	if op.Live == nil || !op.Live.Price.Decimal.Equal(live.Price.Decimal) {
		t.Errorf("restored live order = %+v, want the order as read again", op.Live)
	}

	plain := testConfig([]*config.Order{nvdaDip("93.21")})
	loaded, err = LoadSaved(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loaded.Restore(plain, st, nil); err == nil {
		t.Error("Restore() accepted a configuration whose price is no longer sensitive")
	}
}

// A value that could sit inside a date, a time or a longer amount is
// replaced only where it stands alone, and an empty one is ignored (it
// once made scrub loop for ever).
func TestScrubLeavesDatesAndLongerNumbers(t *testing.T) {
	t.Parallel()
	values := sensitiveValues(nvdaDip("12").Spec, []string{"price"})
	tests := map[string]string{
		"filled on 2026-12-03 10:12 EST": "filled on 2026-12-03 10:12 EST",
		"price 12.50 or 12.5 stays":      "price 12.50 or 12.5 stays",
		"price 12, or 12.00.":            "price (sensitive value), or (sensitive value).",
	}
	for in, want := range tests {
		if got := scrub(in, values); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
	if got := scrub("a value", []string{"", "value"}); got != "a (sensitive value)" {
		t.Errorf("scrub with an empty value = %q", got)
	}
}

// A symbol next to a colon or after a slash stands alone: broker text
// and request paths quote symbols so.
func TestScrubSymbolsInBrokerText(t *testing.T) {
	t.Parallel()
	d := nvdaDip("95.5")
	d.Spec.Legs[0].Symbol = "AAPL"
	values := sensitiveValues(d.Spec, []string{"leg.symbol"})
	tests := map[string]string{
		"Sell to Close AAPL: the account holds 50": "Sell to Close (sensitive value): the account holds 50",
		"GET /instruments/equities/AAPL: HTTP 500": "GET /instruments/equities/(sensitive value): HTTP 500",
		"AAPLX and XAAPL are other symbols, AAPL.": "AAPLX and XAAPL are other symbols, (sensitive value).",
	}
	for in, want := range tests {
		if got := scrub(in, values); got != want {
			t.Errorf("scrub(%q) = %q, want %q", in, got, want)
		}
	}
}
