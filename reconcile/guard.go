package reconcile

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// destroys reports whether c would cancel an order or delete a
// watchlist: a delete, or a replacement, which destroys first or after.
func destroys(c *Change) bool {
	return c.Action == Delete || c.Action == Replace || c.Action == CreateThenDelete
}

// protectedAddresses is the set of addresses lifecycle.prevent_destroy
// protects: those the configuration marks, and those the record
// remembers whose blocks are gone. A declared block that no longer sets
// it lifts the protection.
func protectedAddresses(cfg *config.Config, rec *RecordEntry) map[string]bool {
	declared := map[string]bool{}
	set := map[string]bool{}
	for _, b := range cfg.Blocks() {
		declared[b.Address] = true
		if b.Lifecycle.PreventDestroy {
			set[b.Address] = true
		}
	}
	for _, a := range rec.PreventDestroy {
		if !declared[a] {
			set[a] = true
		}
	}
	return set
}

// guardDestroy makes every change that would destroy a protected object
// an error, and notes the protected addresses for apply to remember.
func guardDestroy(p *Plan, cfg *config.Config, rec *RecordEntry) {
	protected := protectedAddresses(cfg, rec)
	p.PreventDestroy = slices.Sorted(maps.Keys(protected))
	for _, c := range p.Changes {
		if !destroys(c) || !protected[baseAddress(c.Address)] {
			continue
		}
		why := "its block sets lifecycle { prevent_destroy = true }"
		if !declaredAddress(cfg, baseAddress(c.Address)) {
			why = "its block, since removed, set lifecycle { prevent_destroy = true }, and " + RecordFile +
				" remembers it. To let ttplan cancel it, declare the block again with prevent_destroy = false and apply"
		}
		p.Errors = append(p.Errors, Note{Address: c.Address, Message: fmt.Sprintf(
			"prevent_destroy: the plan would %s %s, but %s. -force does not override this.",
			destroyVerb(c), c.Address, why)})
	}
}

func destroyVerb(c *Change) string {
	switch {
	case c.Kind == "watchlist" && c.Action == Delete:
		return "delete"
	case c.Kind == "watchlist":
		return "replace"
	case c.Action == Delete:
		return "cancel"
	}
	return "cancel and place again"
}

// baseAddress is the address of the block a component address belongs
// to: otoco.x for otoco.x/take_profit. A for_each key may hold "/", as
// in order.crypto["BTC/USD"]; a component name follows the key.
func baseAddress(address string) string {
	base, _ := splitComponent(address)
	return base
}

// splitComponent splits a component address into its block's address
// and the component's name; name is "" for a block address.
func splitComponent(address string) (base, name string) {
	i := strings.LastIndex(address, "/")
	if i < 0 || i < strings.LastIndex(address, "]") {
		return address, ""
	}
	return address[:i], address[i+1:]
}

func declaredAddress(cfg *config.Config, address string) bool {
	return slices.ContainsFunc(cfg.Blocks(), func(b config.Block) bool { return b.Address == address })
}

// RememberProtected stores in rec the addresses p found protected by
// prevent_destroy, and reports whether that changed the record.
func RememberProtected(rec *RecordEntry, p *Plan) bool {
	if slices.Equal(rec.PreventDestroy, p.PreventDestroy) {
		return false
	}
	rec.PreventDestroy = slices.Clone(p.PreventDestroy)
	return true
}

// CheckLimits compares the plan with the limits block. Each limit
// exceeded is an error, or with force a warning.
func CheckLimits(p *Plan, limits *config.Limits, managed int, force bool) {
	if limits == nil {
		return
	}
	var broken []Note
	add := func(address, format string, args ...any) {
		broken = append(broken, Note{Address: address, Message: fmt.Sprintf(format, args...)})
	}

	if limits.MaxActions > 0 && len(p.Changes) > limits.MaxActions {
		add("", "limits.max_actions: the plan has %d actions, more than the %d allowed", len(p.Changes), limits.MaxActions)
	}
	cancels := 0
	for _, c := range p.Changes {
		switch {
		case c.complex != nil && destroys(c):
			// Every standing component is an order cancelled.
			for _, o := range c.complex.Live {
				if o.Status.Working() {
					cancels++
				}
			}
		case c.Kind != "watchlist" && destroys(c):
			cancels++
		}
		for _, o := range c.placements() {
			if limits.MaxQuantity.Valid {
				for _, l := range o.spec.Legs {
					if l.Quantity.Valid && l.Quantity.Decimal.GreaterThan(limits.MaxQuantity.Decimal) {
						add(c.Address, "limits.max_quantity: it %s %s of %s, more than the %s allowed",
							o.verb, hideIf(slices.Contains(o.names, "leg.quantity"), l.Quantity.Decimal.String()),
							hideIf(slices.Contains(o.names, "leg.symbol"), l.Symbol), limits.MaxQuantity.Decimal)
					}
				}
			}
			if limits.MaxOrderValue.Valid && !o.value.Valid {
				add(c.Address, "limits.max_order_value: ttplan cannot tell what the order is worth: it has no "+
					"price, and no dry run said what it costs (was -dry-run=false given?)")
			}
			if limits.MaxOrderValue.Valid && o.value.Valid && o.value.Decimal.GreaterThan(limits.MaxOrderValue.Decimal) {
				add(c.Address, "limits.max_order_value: it %s an order worth %s, more than the %s allowed",
					o.verb, hideIf(hidesAmount(o.names), o.value.Decimal.StringFixed(2)), limits.MaxOrderValue.Decimal)
			}
		}
	}
	if limits.MaxCancelPercent.Valid && cancels > 0 {
		share := decimal.NewFromInt(100)
		if managed > 0 {
			share = decimal.NewFromInt(int64(cancels)).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(int64(managed)))
		}
		if share.GreaterThan(limits.MaxCancelPercent.Decimal) {
			add("", "limits.max_cancel_percent: the plan cancels %d of the %d orders ttplan manages (%s%%), more than the %s%% allowed",
				cancels, managed, share.Round(1), limits.MaxCancelPercent.Decimal)
		}
	}

	for _, n := range broken {
		if force {
			n.Message += "; -force given, so the plan goes ahead"
			p.Warnings = append(p.Warnings, n)
		} else {
			n.Message += "; fix the configuration, raise the limit, or give -force"
			p.Errors = append(p.Errors, n)
		}
	}
	sortNotes(p.Warnings)
	sortNotes(p.Errors)
}

// hideIf returns s, or the sensitive mark when hide is set.
func hideIf(hide bool, s string) string {
	if hide {
		return SensitiveText
	}
	return s
}

// Recheck checks a plan restored from a file against what protects the
// account at apply time: lifecycle.prevent_destroy as the configuration
// and the record say now (a plan made before the protection was added
// must not bypass it), and the limits with the values this apply will
// send, which for sensitive ones the file could not hold. force is the
// -force the plan was made with. Problems are added to p.Errors.
func Recheck(ctx context.Context, b provider.Broker, p *Plan, cfg *config.Config, rec *RecordEntry, now *State, force bool) error {
	p.Errors = nil
	guardDestroy(p, cfg, rec)
	dryRun := cfg.Limits != nil && cfg.Limits.MaxOrderValue.Valid
	if err := Preview(ctx, b, cfg, p, PreviewOptions{DryRun: dryRun}); err != nil {
		return err
	}
	CheckLimits(p, cfg.Limits, now.Managed(cfg.Provider.Workspace), force)
	return nil
}
