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

	// Watchlists and Orders are sorted by Address.
	Watchlists []*Watchlist
	Orders     []*Order

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

	DeclRange hcl.Range
}
