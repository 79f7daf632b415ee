package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

func TestWatchlists(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []*Watchlist
	}{
		{
			name: "symbols canonical and typed by shape",
			src: `watchlist "mixed" {
  group   = "Sectors"
  symbols = [" aapl ", "aapl  230818c00197500", "AAPL 230818C00197501", "/esz6", "./ESZ6 EW4Z6 261218C5000", "eth/usd", "BRK/B"]
}`,
			want: []*Watchlist{{
				Address: "watchlist.mixed", Name: "mixed", Group: "Sectors",
				Entries: []provider.WatchlistEntry{
					{Symbol: "AAPL", InstrumentType: provider.Equity},
					{Symbol: "AAPL  230818C00197500", InstrumentType: provider.EquityOption},
					{Symbol: "AAPL  230818C00197501", InstrumentType: provider.EquityOption},
					{Symbol: "/ESZ6", InstrumentType: provider.Future},
					{Symbol: "./ESZ6 EW4Z6 261218C5000", InstrumentType: provider.FutureOption},
					{Symbol: "ETH/USD", InstrumentType: provider.Cryptocurrency},
					{Symbol: "BRK/B", InstrumentType: provider.Equity},
				},
			}},
		},
		{
			name: "entry blocks with types in either spelling",
			src: `watchlist "entries" {
  name = "By Entry"
  entry {
    symbol = "SPX"
  }
  entry {
    symbol          = "spy 191018c00298000"
    instrument_type = "Equity Option"
  }
}`,
			want: []*Watchlist{{
				Address: "watchlist.entries", Name: "By Entry",
				Entries: []provider.WatchlistEntry{
					{Symbol: "SPX", InstrumentType: provider.Equity},
					{Symbol: "SPY   191018C00298000", InstrumentType: provider.EquityOption},
				},
			}},
		},
		{
			name: "for_each over a map names each by key",
			src: `watchlist "sector" {
  for_each = {
    "Tech"      = ["AAPL", "MSFT"]
    "say \"hi\"" = []
  }
  symbols = each.value
}`,
			want: []*Watchlist{
				{
					Address: `watchlist.sector["Tech"]`, Name: "Tech",
					Entries: []provider.WatchlistEntry{
						{Symbol: "AAPL", InstrumentType: provider.Equity},
						{Symbol: "MSFT", InstrumentType: provider.Equity},
					},
				},
				{Address: `watchlist.sector["say \"hi\""]`, Name: `say "hi"`},
			},
		},
		{
			name: "for_each over a set, with a name built from the key",
			src: `watchlist "single" {
  for_each = toset(["nvda", "amd"])
  name     = "Watch ${upper(each.key)}"
  symbols  = [each.value]
}`,
			want: []*Watchlist{
				{
					Address: `watchlist.single["amd"]`, Name: "Watch AMD",
					Entries: []provider.WatchlistEntry{{Symbol: "AMD", InstrumentType: provider.Equity}},
				},
				{
					Address: `watchlist.single["nvda"]`, Name: "Watch NVDA",
					Entries: []provider.WatchlistEntry{{Symbol: "NVDA", InstrumentType: provider.Equity}},
				},
			},
		},
		{
			name: "an empty map makes no watchlists",
			src: `watchlist "none" {
  for_each = {}
  symbols  = []
}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := mustLoad(t, header+tt.src)
			if diff := cmp.Diff(tt.want, cfg.Watchlists, cmpConfig); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestWatchlistErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "the same symbol spelt twice",
			src:  `watchlist "w" { symbols = ["SPY   191018C00298000", "spy 191018c00298000"] }`,
			want: []string{"error: Duplicate watchlist entry"},
		},
		{
			name: "two instances with one name",
			src: `watchlist "w" {
  for_each = { a = 1, b = 2 }
  name     = "same"
  symbols  = []
}`,
			want: []string{"error: Duplicate watchlist name"},
		},
		{
			name: "a name taken by another block's label",
			src:  "watchlist \"a\" {\n symbols = []\n}\nwatchlist \"b\" {\n name = \"a\"\n symbols = []\n}",
			want: []string{"error: Duplicate watchlist name"},
		},
		{
			name: "an empty name",
			src:  `watchlist "w" { name = " " }`,
			want: []string{"error: Missing watchlist entries", "error: Invalid watchlist name"},
		},
		{
			name: "a set of numbers is keyed by their strings",
			src: `watchlist "w" {
  for_each = toset([1, 2])
  symbols  = []
}`,
		},
		{
			name: "a sensitive for_each",
			src: `variable "s" {
  default   = { a = 1 }
  sensitive = true
}
watchlist "w" {
  for_each = var.s
  symbols  = []
}`,
			want: []string{"error: Invalid for_each argument"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := loadSource(t, header+tt.src)
			if diff := cmp.Diff(tt.want, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

// TestWatchlistNamesThatCannotTravel refuses names the API cannot take
// as a URL path segment: dot-segments, which HTTP stacks resolve, blank
// names and control characters. The error is at the name.
func TestWatchlistNamesThatCannotTravel(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"dot", `name = "."`, 3},
		{"dot-dot", `name = ".."`, 3},
		{"dot-dot from an expression", `name = join("", [".", "."])`, 3},
		{"empty", `name = ""`, 3},
		{"blank", "name = \"  \\t \"", 3},
		{"escape", `name = "Tech\u001b[2J"`, 3},
		{"bell", `name = "a\u0007b"`, 3},
		{"newline", `name = "a\nb"`, 3},
		{"delete", `name = "a\u007fb"`, 3},
		{"C1 control", `name = "a\u009bb"`, 3},
		{"dot-dot key under for_each", "for_each = toset([\"..\"])", 3},
		{"control key under for_each", "for_each = { \"a\\u001bb\" = 1 }", 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadSource(t, "watchlist \"w\" {\n  symbols = []\n  "+tt.src+"\n}\n"+header)
			if diff := cmp.Diff([]string{"error: Invalid watchlist name"}, summaries(diags)); diff != "" {
				t.Fatalf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
			if s := diags[0].Subject; s == nil || s.Start.Line != tt.line {
				t.Errorf("diagnostic at %v, want line %d", s, tt.line)
			}
			if len(cfg.Watchlists) != 0 {
				t.Errorf("Watchlists = %v, want none", cfg.Watchlists)
			}
		})
	}
}

func TestWatchlistNamesWithDots(t *testing.T) {
	t.Parallel()
	cfg := mustLoad(t, header+`
watchlist "a" {
  name    = "..."
  symbols = []
}
watchlist "b" {
  name    = ".hidden"
  symbols = []
}
watchlist "c" {
  name    = "a/../b"
  symbols = []
}
`)
	var got []string
	for _, w := range cfg.Watchlists {
		got = append(got, w.Name)
	}
	if diff := cmp.Diff([]string{"...", ".hidden", "a/../b"}, got); diff != "" {
		t.Errorf("names mismatch (-want +got):\n%s", diff)
	}
}

func TestOrderForEach(t *testing.T) {
	t.Parallel()
	cfg := mustLoad(t, header+`
locals {
  dips = {
    nvda = { price = 95.5, qty = 10 }
    amd  = { price = "120.25", qty = 5 }
  }
}
order "dip" {
  for_each      = local.dips
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = each.value.price
  leg {
    symbol   = each.key
    action   = "buy_to_open"
    quantity = each.value.qty
  }
}
`)
	want := []*Order{
		{
			Address: `order.dip["amd"]`, Account: "5WT00001",
			Spec: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec("120.25"), PriceEffect: provider.Debit,
				Legs: []provider.Leg{equityLeg("AMD", provider.BuyToOpen, "5")},
			},
		},
		{
			Address: `order.dip["nvda"]`, Account: "5WT00001",
			Spec: provider.OrderSpec{
				OrderType: provider.Limit, TimeInForce: provider.GTC,
				Price: dec("95.5"), PriceEffect: provider.Debit,
				Legs: []provider.Leg{equityLeg("NVDA", provider.BuyToOpen, "10")},
			},
		},
	}
	if diff := cmp.Diff(want, cfg.Orders, cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestForEachErrorIsReportedOnce(t *testing.T) {
	t.Parallel()
	_, diags := loadSource(t, header+`
order "o" {
  for_each      = toset(["a", "b", "c"])
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`)
	if diff := cmp.Diff([]string{"error: Missing price"}, summaries(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
}
