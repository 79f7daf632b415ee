package reconcile

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("Render() mismatch with %s (-want +got):\n%s", path, diff)
	}
}

// mixedPlan has one change of every kind.
func mixedPlan() *Plan {
	moreShares := nvdaDip("95.5")
	moreShares.Address = "order.more"
	moreShares.Spec.Legs[0].Quantity = dec("20")
	moreLive := liveOrder(nvdaDip("95.5"), 11, provider.StatusLive)
	moreLive.ExternalIdentifier = OrderTag("default", "order.more")

	cheaper := nvdaDip("94")
	cheaper.Address = "order.cheaper"
	cheaperLive := liveOrder(nvdaDip("95.5"), 12, provider.StatusLive)
	cheaperLive.ExternalIdentifier = OrderTag("default", "order.cheaper")

	filled := liveOrder(nvdaDip("95.5"), 13, provider.StatusFilled)
	filled.ExternalIdentifier = OrderTag("default", "order.filled")
	filledCfg := nvdaDip("95.5")
	filledCfg.Address = "order.filled"

	gone := liveOrder(nvdaDip("95.5"), 14, provider.StatusLive)
	gone.ExternalIdentifier = OrderTag("default", "order.gone")

	rec := (&Record{Environments: map[string]*RecordEntry{}}).Entry("local")
	rec.Orders[gone.ExternalIdentifier] = RecordOrder{Address: "order.gone"}
	rec.Watchlists["Old Name"] = "watchlist.renamed"
	rec.Watchlists["Gone"] = "watchlist.gone"

	cfg := testConfig(
		[]*config.Order{nvdaDip("95.50"), moreShares, cheaper, filledCfg},
		watchlist("watchlist.tech", "Tech Megacaps", "AAPL", "MSFT", "NVDA", "/ESZ6"),
		watchlist("watchlist.renamed", "New Name", "SPY"),
		watchlist("watchlist.fresh", "Fresh", "AAPL  230818C00197500", "BTC/USD"),
	)
	st := &State{
		Orders: []provider.Order{moreLive, cheaperLive, filled, gone},
		Watchlists: []provider.Watchlist{
			liveWatchlist("Tech Megacaps", "AAPL", "NVDA", "/ESZ6", "TSLA"),
			liveWatchlist("Old Name", "SPY"),
			liveWatchlist("Gone", "QQQ"),
		},
	}
	return Diff(cfg, st, Options{Version: "test", Record: rec, RecordFound: true})
}

func TestRender(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name   string
		plan   *Plan
		color  bool
		golden string
	}{
		{"every kind of change", mixedPlan(), false, "render_mixed.txt"},
		{"colour", mixedPlan(), true, "render_mixed_color.txt"},
		{"no changes", &Plan{}, false, "render_empty.txt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := Render(&buf, tt.plan, RenderOptions{Color: tt.color}); err != nil {
				t.Fatal(err)
			}
			golden(t, tt.golden, buf.Bytes())
		})
	}
}

func TestDiffLines(t *testing.T) {
	t.Parallel()

	got := diffLines([]string{"a", "b", "c"}, []string{"a", "x", "c", "d"})
	want := []lineOp{{" ", "a"}, {"+", "x"}, {"-", "b"}, {" ", "c"}, {"+", "d"}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(lineOp{})); diff != "" {
		t.Errorf("diffLines() mismatch (-want +got):\n%s", diff)
	}
}
