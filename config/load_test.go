package config

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"

	"github.com/ttplan/ttplan/provider"
)

func TestLoadIssueExample(t *testing.T) {
	t.Parallel()
	cfg, diags := Load(filepath.Join("testdata", "valid", "issue"), LoadOptions{Today: testToday})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	want := &Config{
		Provider: Provider{Environment: Sandbox, Workspace: "default"},
		Accounts: map[string]*Account{"main": {Label: "main", Number: "5WT00001"}},
		Watchlists: []*Watchlist{{
			Address: "watchlist.tech",
			Name:    "Tech Megacaps",
			Entries: []provider.WatchlistEntry{
				{Symbol: "AAPL", InstrumentType: provider.Equity},
				{Symbol: "MSFT", InstrumentType: provider.Equity},
				{Symbol: "NVDA", InstrumentType: provider.Equity},
				{Symbol: "/ESZ6", InstrumentType: provider.Future},
			},
		}},
		Orders: []*Order{
			{
				Address: "order.nvda_dip",
				Account: "5WT00001",
				Spec: provider.OrderSpec{
					OrderType:   provider.Limit,
					TimeInForce: provider.GTC,
					Price:       dec("95.50"),
					PriceEffect: provider.Debit,
					Legs: []provider.Leg{{
						InstrumentType: provider.Equity,
						Symbol:         "NVDA",
						Action:         provider.BuyToOpen,
						Quantity:       dec("10"),
					}},
				},
			},
			{
				Address: "order.spy_protective_stop",
				Account: "5WT00001",
				Spec: provider.OrderSpec{
					OrderType:   provider.Stop,
					TimeInForce: provider.GTC,
					StopTrigger: dec("480"),
					Legs: []provider.Leg{{
						InstrumentType: provider.Equity,
						Symbol:         "SPY",
						Action:         provider.SellToClose,
						Quantity:       dec("100"),
					}},
				},
			},
		},
		Variables: map[string]*Variable{},
	}
	if diff := cmp.Diff(want, cfg, cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadFullFixture(t *testing.T) {
	t.Parallel()
	cfg, diags := Load(filepath.Join("testdata", "valid", "full"), LoadOptions{Today: testToday})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	eq := func(s string) provider.WatchlistEntry {
		return provider.WatchlistEntry{Symbol: s, InstrumentType: provider.Equity}
	}
	option := func(s string, a provider.Action) provider.Leg {
		return provider.Leg{InstrumentType: provider.EquityOption, Symbol: s, Action: a, Quantity: dec("2")}
	}
	dip := func(symbol, price, qty string) provider.OrderSpec {
		return provider.OrderSpec{
			OrderType: provider.Limit, TimeInForce: provider.GTD, GTCDate: "2026-12-18",
			Price: dec(price), PriceEffect: provider.Debit,
			Legs: []provider.Leg{equityLeg(symbol, provider.BuyToOpen, qty)},
		}
	}
	dips := cty.MapVal(map[string]cty.Value{
		"NVDA": cty.ObjectVal(map[string]cty.Value{"price": cty.NumberFloatVal(95.5), "qty": cty.NumberIntVal(10)}),
		"amd":  cty.ObjectVal(map[string]cty.Value{"price": cty.NumberFloatVal(120.25), "qty": cty.NumberIntVal(1)}),
	})

	want := &Config{
		Provider: Provider{Environment: Sandbox, Workspace: "sandbox-main"},
		Accounts: map[string]*Account{"main": {Label: "main", Number: "5WT00001"}},
		Watchlists: []*Watchlist{
			{
				Address: "watchlist.derivatives", Name: "Derivatives",
				Entries: []provider.WatchlistEntry{
					{Symbol: "/ESZ6", InstrumentType: provider.Future},
					{Symbol: "SPY   261218P00500000", InstrumentType: provider.EquityOption},
					{Symbol: "./ESZ6 EW4Z6 261218C5000", InstrumentType: provider.FutureOption},
				},
			},
			{
				Address: `watchlist.sector["Energy"]`, Name: "Energy", Group: "Sectors",
				Entries: []provider.WatchlistEntry{eq("XOM"), eq("CVX")},
			},
			{
				Address: `watchlist.sector["Tech"]`, Name: "Tech", Group: "Sectors",
				Entries: []provider.WatchlistEntry{eq("AAPL"), eq("MSFT")},
			},
		},
		Orders: []*Order{
			{
				Address: "order.btc", Account: "5WT00001",
				Spec: provider.OrderSpec{
					OrderType: provider.Limit, TimeInForce: provider.GTC,
					Price: dec("60000"), PriceEffect: provider.Debit,
					Legs: []provider.Leg{{InstrumentType: provider.Cryptocurrency, Symbol: "BTC/USD",
						Action: provider.BuyToOpen, Quantity: dec("0.0005")}},
				},
			},
			{Address: `order.dip["NVDA"]`, Account: "5WT00001", Spec: dip("NVDA", "95.5", "10")},
			{Address: `order.dip["amd"]`, Account: "5WT00001", Spec: dip("AMD", "120.25", "1")},
			{
				Address: "order.es_stop", Account: "5WT00001",
				Spec: provider.OrderSpec{
					OrderType: provider.Stop, TimeInForce: provider.GTC, StopTrigger: dec("5000.25"),
					Legs: []provider.Leg{{InstrumentType: provider.Future, Symbol: "/ESZ6",
						Action: provider.SellToClose, Quantity: dec("1")}},
				},
			},
			{
				Address: "order.put_spread", Account: "5WT00001",
				Spec: provider.OrderSpec{
					OrderType: provider.Limit, TimeInForce: provider.GTC,
					Price: dec("1.8"), PriceEffect: provider.Credit,
					Legs: []provider.Leg{
						option("SPY   261218P00500000", provider.SellToOpen),
						option("SPY   261218P00490000", provider.BuyToOpen),
					},
				},
				Sensitive: []string{"price"},
			},
		},
		Variables: map[string]*Variable{
			"environment":    {Name: "environment", Value: cty.StringVal("sandbox")},
			"account_number": {Name: "account_number", Value: cty.StringVal("5WT00001")},
			"spread_credit":  {Name: "spread_credit", Sensitive: true, Value: cty.StringVal("1.80")},
			"dips": {
				Name:        "dips",
				Description: "Limit buys to keep standing, by symbol.",
				Value:       dips,
			},
		},
	}
	if diff := cmp.Diff(want, cfg, cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestLoadNoFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
	}{
		{"empty directory", nil},
		{"only other files", map[string]string{"main.tf": "", "notes.hcl": "", "ttplan.ttvars": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadFiles(t, tt.files, LoadOptions{})
			if diff := cmp.Diff([]string{"error: No configuration files"}, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
			if cfg == nil || cfg.Files == nil {
				t.Errorf("Load() = %v, want a Config with Files", cfg)
			}
		})
	}
}

func TestLoadMissingDirectory(t *testing.T) {
	t.Parallel()
	cfg, diags := Load(filepath.Join(t.TempDir(), "nope"), LoadOptions{})
	if diff := cmp.Diff([]string{"error: Failed to read configuration directory"}, summaries(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	if cfg == nil {
		t.Error("Load() returned a nil Config")
	}
}

func TestLoadReadsEveryFileInNameOrder(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{
		"b.tt.hcl":  `watchlist "b" { symbols = ["MSFT"] }`,
		"a.tt.hcl":  header + `watchlist "a" { symbols = ["AAPL"] }`,
		"c.hcl":     `this is not read`,
		"d.tt.json": `{}`,
	}, LoadOptions{})
	if diags.HasErrors() {
		t.Fatalf("Load() errors:\n%s", diagText(cfg, diags))
	}

	var got []string
	for _, w := range cfg.Watchlists {
		got = append(got, w.Address)
	}
	if diff := cmp.Diff([]string{"watchlist.a", "watchlist.b"}, got); diff != "" {
		t.Errorf("watchlists mismatch (-want +got):\n%s", diff)
	}
	if len(cfg.Files) != 2 {
		t.Errorf("Files has %d entries, want 2", len(cfg.Files))
	}
}

func TestWriteDiagnosticsShowsSnippet(t *testing.T) {
	t.Parallel()
	cfg, diags := loadSource(t, header+`
order "x" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = -1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`)
	var b strings.Builder
	if err := WriteDiagnostics(&b, cfg.Files, diags, 0, false); err != nil {
		t.Fatal(err)
	}

	got := b.String()
	for _, want := range []string{
		"Error: Invalid price",
		"main.tt.hcl line 13",
		`price         = -1`,
		"use price_effect for direction",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("WriteDiagnostics() output lacks %q:\n%s", want, got)
		}
	}
}

func TestLoadRefusesUnknownBlocksAndArguments(t *testing.T) {
	t.Parallel()
	_, diags := loadSource(t, header+`
watchlst "x" {}
watchlist "y" {
  symbol = ["AAPL"]
}
order "z" {
  account       = account.main
  type          = "limt"
  time_in_force = "gtc"
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`)
	var details []string
	for _, d := range diags {
		details = append(details, d.Summary+": "+d.Detail)
	}
	got := strings.Join(details, "\n")
	for _, want := range []string{
		`Did you mean "watchlist"?`, `Did you mean "symbols"?`, `Did you mean "limit"?`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("diagnostics lack %q:\n%s", want, got)
		}
	}
}

func TestLoadProvider(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want Provider
	}{
		{
			name: "defaults",
			src:  `provider "tastytrade" { environment = "production" }`,
			want: Provider{Environment: Production, Workspace: DefaultWorkspace},
		},
		{
			name: "every argument",
			src: `provider "tastytrade" {
  environment = "LOCAL"
  endpoint    = "http://127.0.0.1:8080/"
  workspace   = "team-a_1"
}`,
			want: Provider{Environment: Local, Endpoint: "http://127.0.0.1:8080", Workspace: "team-a_1"},
		},
		{
			name: "https endpoint",
			src: `provider "tastytrade" {
  environment = "sandbox"
  endpoint    = "https://api.cert.tastyworks.com"
}`,
			want: Provider{Environment: Sandbox, Endpoint: "https://api.cert.tastyworks.com", Workspace: "default"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := mustLoad(t, tt.src)
			if diff := cmp.Diff(tt.want, cfg.Provider, cmpConfig); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadMissingProvider(t *testing.T) {
	t.Parallel()
	_, diags := loadSource(t, `account "main" { number = "5WT00001" }`)
	if diff := cmp.Diff([]string{"error: Missing provider block"}, summaries(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
}
