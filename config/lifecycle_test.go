package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ttplan/ttplan/provider"
)

// limitBuy is the body of a GTC limit buy of one AAPL share, for tests
// about the arguments around it.
const limitBuy = `
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
`

// buyAAPL is the spec limitBuy declares.
var buyAAPL = provider.OrderSpec{
	OrderType: provider.Limit, TimeInForce: provider.GTC, Price: dec("1"), PriceEffect: provider.Debit,
	Legs: []provider.Leg{equityLeg("AAPL", provider.BuyToOpen, "1")},
}

func TestRearmAndLifecycle(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "keep" {
  type      = bool
  sensitive = true
}
locals {
  again = 2
}
order "plain" {
  account = account.main` + limitBuy + `}
order "rearmed" {
  account = account.main
  rearm   = local.again
  lifecycle {
    prevent_destroy = true
  }` + limitBuy + `}
order "each" {
  for_each = { a = "0", b = "7" }
  account  = account.main
  rearm    = each.value
  lifecycle {
    prevent_destroy = !var.keep || true
  }` + limitBuy + `}
watchlist "kept" {
  symbols = []
  lifecycle {
    prevent_destroy = var.keep
  }
}
watchlist "loose" {
  symbols = []
  lifecycle {
    prevent_destroy = null
  }
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_keep=true"}})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	kept := Lifecycle{PreventDestroy: true}
	order := func(address string, rearm int, lc Lifecycle) *Order {
		return &Order{Address: address, Account: "5WT00001", Spec: buyAAPL, Rearm: rearm, Lifecycle: lc}
	}
	wantOrders := []*Order{
		order(`order.each["a"]`, 0, kept),
		order(`order.each["b"]`, 7, kept),
		order("order.plain", 0, Lifecycle{}),
		order("order.rearmed", 2, kept),
	}
	if diff := cmp.Diff(wantOrders, cfg.Orders, cmpConfig); diff != "" {
		t.Errorf("orders mismatch (-want +got):\n%s", diff)
	}
	wantWatchlists := []*Watchlist{
		{Address: "watchlist.kept", Name: "kept", Lifecycle: kept},
		{Address: "watchlist.loose", Name: "loose"},
	}
	if diff := cmp.Diff(wantWatchlists, cfg.Watchlists, cmpConfig); diff != "" {
		t.Errorf("watchlists mismatch (-want +got):\n%s", diff)
	}
}

func TestRearmAndLifecycleErrors(t *testing.T) {
	t.Parallel()
	const secret = "31337"
	tests := []struct {
		name string
		src  string
		// kept is how many orders and watchlists Load keeps: none when
		// the error is in their values, which it cannot trust.
		kept int
	}{
		{
			name: "rearm not a whole number",
			src: `
order "half" {
  account = account.main
  rearm   = 1.5 # ERROR: Invalid rearm` + limitBuy + `}
order "negative" {
  account = account.main
  rearm   = -1 # ERROR: Invalid rearm` + limitBuy + `}
order "huge" {
  account = account.main
  rearm   = 1e30 # ERROR: Invalid rearm` + limitBuy + `}
order "word" {
  account = account.main
  rearm   = "twice" # ERROR: Incorrect attribute value type` + limitBuy + `}
order "list" {
  account = account.main
  rearm   = [1] # ERROR: Incorrect attribute value type` + limitBuy + `}
`,
		},
		{
			name: "sensitive rearm",
			src: `
variable "secret" {
  sensitive = true
}
order "o" {
  account = account.main
  rearm   = var.secret # ERROR: Sensitive rearm` + limitBuy + `}
order "negative" {
  account = account.main
  rearm   = -var.secret # ERROR: Invalid rearm` + limitBuy + `}
`,
		},
		{
			name: "two lifecycle blocks",
			src: `
order "o" {
  account = account.main
  lifecycle {
    prevent_destroy = true
  }
  lifecycle { # ERROR: Duplicate lifecycle block
  }` + limitBuy + `}
watchlist "w" {
  symbols = []
  lifecycle {
  }
  lifecycle { # ERROR: Duplicate lifecycle block
    prevent_destroy = true
  }
}
`,
		},
		{
			name: "prevent_destroy not a bool",
			src: `
order "o" {
  account = account.main
  lifecycle {
    prevent_destroy = "yes please" # ERROR: Incorrect attribute value type
  }` + limitBuy + `}
watchlist "w" {
  symbols = []
  lifecycle {
    prevent_destroy = [true] # ERROR: Incorrect attribute value type
  }
}
`,
		},
		{
			name: "prevent_destroy per instance",
			src: `
order "o" {
  for_each = toset(["a"])
  account  = account.main
  lifecycle {
    prevent_destroy = each.key == "a" # ERROR: Invalid reference
  }` + limitBuy + `}
watchlist "w" {
  symbols = []
  lifecycle {
    prevent_destroy = account.main.number == "" # ERROR: Invalid reference
  }
}
`,
		},
		{
			name: "unknown lifecycle arguments and blocks",
			src: `
order "o" {
  account = account.main
  lifecycle {
    create_before_destroy = true # ERROR: Unsupported argument
  }` + limitBuy + `}
watchlist "w" {
  symbols = []
  lifecycle "x" { # ERROR: Extraneous label for lifecycle
  }
  rearm = 1 # ERROR: Unsupported argument
}
`,
			kept: 2,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := checkMarks(t, header+tt.src, LoadOptions{
				Environ: []string{"TTPLAN_VAR_secret=" + secret},
			})
			if text := diagText(cfg, diags); strings.Contains(text, secret) {
				t.Errorf("diagnostics show the sensitive value:\n%s", text)
			}
			if got := len(cfg.Orders) + len(cfg.Watchlists); got != tt.kept {
				t.Errorf("Load() kept %d orders and watchlists, want %d", got, tt.kept)
			}
		})
	}
}
