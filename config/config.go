// Package config loads ttplan's HCL configuration: every *.tt.hcl file of
// a directory, evaluated with variables, locals and functions, checked
// against what the tastytrade API would refuse, and resolved into the
// normalised values of package provider.
//
// Every problem is an hcl.Diagnostic with a source range, and Load
// reports all of them in one pass.
package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"

	"github.com/ttplan/ttplan/provider"
)

// Environments a provider block may name.
const (
	Production = "production"
	Sandbox    = "sandbox"
	Local      = "local"
)

// Config is a fully evaluated configuration.
type Config struct {
	// Dir is the directory the files were read from.
	Dir string

	Provider Provider

	// Accounts are keyed by block label.
	Accounts map[string]*Account

	// Watchlists, Orders and ComplexOrders are sorted by Address.
	Watchlists    []*Watchlist
	Orders        []*Order
	ComplexOrders []*ComplexOrder

	// Limits is the limits block; nil when there is none.
	Limits *Limits

	// Variables holds the resolved value of every declared variable.
	Variables map[string]*Variable

	// Files holds every file Load parsed, configuration and variable
	// files alike, keyed by the file names diagnostics use. Pass it to
	// WriteDiagnostics. It is set even when Load fails.
	Files map[string]*hcl.File
}

// Provider is the provider "tastytrade" block.
type Provider struct {
	// Environment is Production, Sandbox or Local.
	Environment string

	// Endpoint overrides the environment's base URL when set.
	Endpoint string

	// Workspace names this configuration among others that manage the
	// same account. It is part of every order's ownership tag. Defaults
	// to "default".
	Workspace string

	DeclRange hcl.Range
}

// Account is an account block.
type Account struct {
	Label     string
	Number    string
	DeclRange hcl.Range
}

// Variable is a declared input variable and its resolved value. Value
// carries no marks: callers that print it must check Sensitive.
type Variable struct {
	Name        string
	Description string
	Sensitive   bool
	Value       cty.Value
	DeclRange   hcl.Range
}

// Watchlist is a watchlist block, or one instance of a for_each.
type Watchlist struct {
	// Address is watchlist.LABEL, or watchlist.LABEL["KEY"] under for_each.
	Address string

	// Name is the watchlist's name at the broker, and its identity there.
	Name string

	// Group is the broker's group-name; empty leaves the live value.
	Group string

	// Entries are in the order the user wrote them, canonical, with every
	// instrument type filled in. No symbol appears twice.
	Entries []provider.WatchlistEntry

	// Sensitive names the arguments, "group" or "symbols", whose values
	// come from sensitive variables: plans show them as hidden.
	Sensitive []string

	Lifecycle Lifecycle

	DeclRange hcl.Range
}

// Order is an order block, or one instance of a for_each.
type Order struct {
	// Address is order.LABEL, or order.LABEL["KEY"] under for_each.
	Address string

	// Account is the account number the order stands in.
	Account string

	// Spec is the order as it will be sent, with every enumeration
	// canonical and the price effect inferred where it was left out. The
	// reconciler adds ExternalIdentifier, Source and StrictPositionEffect.
	Spec provider.OrderSpec

	// Sensitive names the arguments whose values come from sensitive
	// variables, sorted: "price", "time_in_force", ..., and "leg.symbol",
	// "leg.action", "leg.quantity" when any leg's argument does. Plans,
	// plan files and messages never show them.
	Sensitive []string

	// Rearm is the rearm argument, 0 when absent. It is part of the
	// order's identity: raising it declares a new order, so that one that
	// filled is placed again only when the user says so.
	Rearm int

	Lifecycle Lifecycle

	DeclRange hcl.Range
}

// Lifecycle is a block's lifecycle block.
type Lifecycle struct {
	// PreventDestroy makes a plan that would cancel the order, or delete
	// the watchlist, an error. ttplan remembers it after the block is
	// removed.
	PreventDestroy bool
}

// ComplexOrder is an oco, oto or otoco block, or one instance of a
// for_each: orders placed together through the broker's complex-order
// endpoint.
type ComplexOrder struct {
	// Address is TYPE.LABEL, such as otoco.nvda_bracket, with ["KEY"]
	// under for_each.
	Address string

	Type    provider.ComplexType
	Account string

	// Trigger is the trigger block, nil for an OCO. Orders are the order
	// blocks inside, in the order written: two for OCO and OTOCO, one to
	// three for OTO.
	Trigger *Component
	Orders  []*Component

	// Rearm is the rearm argument, as for an order.
	Rearm int

	Lifecycle Lifecycle

	DeclRange hcl.Range
}

// Component is one order of a complex order.
type Component struct {
	// Name is "trigger" for the trigger block, and the label of an order
	// block otherwise: order "take_profit" { ... } is "take_profit".
	Name string

	// Spec and Sensitive are as for an Order.
	Spec      provider.OrderSpec
	Sensitive []string

	DeclRange hcl.Range
}

// Limits is the limits block: the most one apply may do. A plan that
// exceeds a limit fails unless -force is given.
type Limits struct {
	// MaxOrderValue bounds price × quantity × multiplier of every order
	// to place or replace (value for notional orders).
	MaxOrderValue decimal.NullDecimal

	// MaxQuantity bounds the quantity of every leg to place or replace.
	MaxQuantity decimal.NullDecimal

	// MaxActions bounds the number of changes in one plan; 0 is no limit.
	MaxActions int

	// MaxCancelPercent bounds the share, in percent, of the orders ttplan
	// manages that one plan may cancel (replacements included).
	MaxCancelPercent decimal.NullDecimal

	DeclRange hcl.Range
}

// Block is what every resource block has: an order, a complex order or a
// watchlist, or one for_each instance of one.
type Block struct {
	Address   string
	Lifecycle Lifecycle
	DeclRange hcl.Range
}

// Blocks lists every order, complex order and watchlist, in that order.
func (c *Config) Blocks() []Block {
	var out []Block
	for _, o := range c.Orders {
		out = append(out, Block{o.Address, o.Lifecycle, o.DeclRange})
	}
	for _, o := range c.ComplexOrders {
		out = append(out, Block{o.Address, o.Lifecycle, o.DeclRange})
	}
	for _, w := range c.Watchlists {
		out = append(out, Block{w.Address, w.Lifecycle, w.DeclRange})
	}
	return out
}
