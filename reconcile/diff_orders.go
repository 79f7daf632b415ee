package reconcile

import (
	"fmt"
	"maps"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// orderDiff holds what diffing the orders needs from the state.
type orderDiff struct {
	p       *Plan
	rec     *RecordEntry
	byID    map[int64]provider.Order
	replace []string

	// rearmed maps each declared order address to its rearm counter.
	rearmed map[string]int
}

// diffOrders plans the orders. Each declared order is found at the broker
// by its tag, never by its shape: an order without ttplan's tag is never
// touched, and an order whose placement answer was lost is still found.
func diffOrders(p *Plan, cfg *config.Config, st *State, opts Options) {
	ws := cfg.Provider.Workspace
	byTag := st.ordersByTag()
	od := &orderDiff{p: p, rec: opts.Record, byID: map[int64]provider.Order{}, replace: opts.Replace}
	for _, o := range st.Orders {
		od.byID[o.ID] = o
	}

	declared := map[string]bool{}
	od.rearmed = map[string]int{}
	for _, d := range cfg.Orders {
		tag := OrderTag(ws, orderIdentity(d.Address, d.Rearm))
		declared[tag] = true
		od.rearmed[d.Address] = d.Rearm
		n := len(p.Changes)
		od.order(d, desiredSpec(d, tag, opts.Version), byTag[tag])
		for _, c := range p.Changes[n:] {
			if c.order != nil {
				c.order.Rearm = d.Rearm
			}
			addRearm(c.After, d.Rearm)
		}
	}

	// Complex orders, declared or not, are planned as wholes.
	od.diffComplex(cfg, byTag, declared, opts.Version)

	for _, tag := range slices.Sorted(maps.Keys(byTag)) {
		if declared[tag] || !ownedBy(tag, ws) {
			continue
		}
		plain := slices.DeleteFunc(slices.Clone(byTag[tag]), func(o provider.Order) bool { return o.ComplexOrderID != 0 })
		if len(plain) > 0 {
			od.undeclared(tag, plain)
			od.warnRenamed(tag, plain)
		}
	}
}

// warnRenamed warns when an order to be placed trades what a removed
// block's order traded: a renamed block, or a changed for_each key, is a
// new address and so a new order, and what the old one filled does not
// count toward it.
func (od *orderDiff) warnRenamed(tag string, orders []provider.Order) {
	old := od.rec.Orders[tag].Address
	if _, rearmed := od.rearmed[old]; old == "" || rearmed {
		return
	}
	for _, c := range od.p.Changes {
		if c.order == nil || c.Action != Create {
			continue
		}
		for _, o := range orders {
			filled := od.chainFilled(o)
			if !sameInstruments(o.Legs, c.order.Spec.Legs) || (!o.Status.Working() && !filled.IsPositive()) {
				continue
			}
			od.p.Warnings = append(od.p.Warnings, Note{Address: c.Address, Message: fmt.Sprintf(
				"looks like %s under a new name (its order %d is %s, %s filled). ttplan knows "+
					"orders by block address, so it will place %s in full; if this is a rename, "+
					"declare only what is left, or keep the old name.",
				old, o.ID, o.Status, filled, c.Address)})
			break
		}
	}
}

// undeclared plans the orders of a tag no block declares any more. They
// are cancelled only when the record says this configuration placed
// them: another configuration may share the workspace name.
func (od *orderDiff) undeclared(tag string, orders []provider.Order) {
	address := od.rec.Orders[tag].Address
	if address == "" {
		for _, o := range orders {
			if o.Status.Working() {
				od.p.Warnings = append(od.p.Warnings, Note{Message: fmt.Sprintf(
					"order %d carries this workspace's tag, but no block declares it and the "+
						"record (%s) does not name it; it may belong to another configuration "+
						"with the same workspace, so ttplan leaves it alone", o.ID, RecordFile)})
			}
		}
		return
	}

	for _, o := range orders {
		if od.checkStatus(address, o) && o.Status.Working() {
			reason := "not in the configuration"
			if n, ok := od.rearmed[address]; ok {
				reason = fmt.Sprintf("re-armed: rearm is now %d, which declares a new order", n)
			}
			if f := od.chainFilled(o); f.IsPositive() {
				reason += fmt.Sprintf("; %s of it already filled", f)
			}
			od.p.Changes = append(od.p.Changes, deleteOrder(address, o, reason))
		}
	}
}

// desiredSpec is the order as ttplan will send it.
func desiredSpec(d *config.Order, tag, version string) provider.OrderSpec {
	spec := d.Spec
	spec.ExternalIdentifier = tag
	spec.Source = Source(version)
	spec.StrictPositionEffect = false
	for _, l := range spec.Legs {
		if l.Action.IsClosing() {
			spec.StrictPositionEffect = true
		}
	}
	return spec
}

// order plans one declared order against the orders carrying its tag,
// oldest first.
func (od *orderDiff) order(d *config.Order, want provider.OrderSpec, tagged []provider.Order) {
	var working []provider.Order
	for _, o := range tagged {
		if !od.checkStatus(d.Address, o) {
			return
		}
		if o.Status.Working() {
			working = append(working, o)
		}
	}

	if len(working) == 0 {
		od.missing(d, want, tagged)
		return
	}

	keep := pickOrder(working, d.Account, want)
	for _, o := range working {
		if o.ID != keep.ID {
			od.p.Changes = append(od.p.Changes, deleteOrder(d.Address, o,
				fmt.Sprintf("a second standing order with the same tag as order %d", keep.ID)))
		}
	}
	od.standing(d, want, keep)
}

// checkStatus records an error and reports false when ttplan does not
// know the order's status: it will not cancel or place anything for an
// order it cannot reason about.
func (od *orderDiff) checkStatus(address string, o provider.Order) bool {
	if o.Status.Known() {
		return true
	}
	od.p.Errors = append(od.p.Errors, Note{Address: address, Message: fmt.Sprintf(
		"order %d has status %q, which ttplan does not know; it will neither cancel nor "+
			"place this order until the status is one it understands", o.ID, o.Status)})
	return false
}

// missing plans a declared order that has no standing order. It is placed
// again only when nothing it did can still trade or has traded: a
// pending cancel, a fill, an expiry at its own date, or a replacement
// made outside ttplan all stop it.
func (od *orderDiff) missing(d *config.Order, want provider.OrderSpec, tagged []provider.Order) {
	drift := func(format string, args ...any) {
		od.p.Drift = append(od.p.Drift, Note{Address: d.Address, Message: fmt.Sprintf(format, args...)})
	}

	for _, o := range tagged {
		if o.Status.Pending() {
			drift("order %d is %s at the broker; ttplan will decide what to do once it "+
				"settles. Run plan again shortly.", o.ID, o.Status)
			return
		}
	}
	for _, o := range slices.Backward(tagged) {
		if o.Status == provider.StatusFilled || od.chainFilled(o).IsPositive() {
			drift("%s; ttplan will not place it again. Remove the block, or raise rearm to "+
				"place a new one.", fillSummary(append([]provider.Order{o}, od.chain(o)...), hidesPrice(d.Sensitive)))
			return
		}
	}

	reason := ""
	if n := len(tagged); n > 0 {
		last := tagged[n-1]
		if msg, stop := od.endedForGood(last, want); stop {
			drift("%s", msg)
			return
		}
		reason = od.terminalReason(last)
		byTTPlan := last.Status == provider.StatusCancelled &&
			slices.Contains(od.rec.Orders[last.ExternalIdentifier].Cancelled, last.ID)
		if !byTTPlan {
			od.p.Drift = append(od.p.Drift, Note{Address: d.Address, Message: reason +
				"; the configuration still declares it, so ttplan will place it again"})
		}
	}
	od.p.Changes = append(od.p.Changes, &Change{
		Address: d.Address,
		Kind:    "order",
		Label:   label(d.Address),
		Action:  Create,
		Reason:  reason,
		After:   orderObject(d.Account, 0, want),
		order:   &orderOp{Account: d.Account, Spec: want},
	})
}

// endedForGood reports why a terminal order must not be placed again,
// if it must not.
func (od *orderDiff) endedForGood(last provider.Order, want provider.OrderSpec) (string, bool) {
	// Follow replacements made outside ttplan (edits in the app) to the
	// end of the chain: while any of them stands or has traded, placing
	// the declared order again would double it.
	visited := map[int64]bool{last.ID: true}
	for next := last.ReplacingOrderID; next != 0; {
		repl, ok := od.byID[next]
		if visited[next] {
			ok = false // a loop in the broker's links: stop, and place nothing
		}
		visited[next] = true
		if !ok || repl.Status.Working() || repl.Status.Pending() || repl.FilledQuantity().IsPositive() ||
			repl.Status == provider.StatusFilled {
			status := "not visible to ttplan"
			if ok {
				status = string(repl.Status)
			}
			return fmt.Sprintf("order %d was replaced outside ttplan, leading to order %d (%s), which "+
				"does not carry ttplan's tag; ttplan will not place another. Cancel order %d to let "+
				"ttplan place this one again, or remove the block.", last.ID, next, status, next), true
		}
		next = repl.ReplacingOrderID
	}

	if last.Status == provider.StatusExpired && last.TimeInForce == provider.GTD &&
		want.TimeInForce == provider.GTD && dateOnly(last.GTCDate) == dateOnly(want.GTCDate) {
		return fmt.Sprintf("order %d expired at the end of its gtc_date %s; ttplan will not "+
			"place it again. Set a later gtc_date to place a new one.", last.ID, dateOnly(want.GTCDate)), true
	}
	return "", false
}

// terminalReason says why a declared order is placed again.
func (od *orderDiff) terminalReason(o provider.Order) string {
	switch o.Status {
	case provider.StatusCancelled:
		if slices.Contains(od.rec.Orders[o.ExternalIdentifier].Cancelled, o.ID) {
			return fmt.Sprintf("order %d was cancelled by ttplan", o.ID)
		}
		return fmt.Sprintf("order %d was cancelled outside ttplan", o.ID)
	case provider.StatusExpired:
		return fmt.Sprintf("order %d expired", o.ID)
	case provider.StatusRejected:
		if o.RejectReason != "" {
			return fmt.Sprintf("order %d was rejected: %s", o.ID, o.RejectReason)
		}
		return fmt.Sprintf("order %d was rejected", o.ID)
	}
	return fmt.Sprintf("order %d is %s", o.ID, o.Status)
}

// pickOrder chooses which of several standing orders with one tag is the
// declared one: one that already matches, else the newest.
func pickOrder(working []provider.Order, account string, want provider.OrderSpec) provider.Order {
	for _, o := range working {
		if o.AccountNumber == account && sameLegs(o.Legs, want.Legs) && samePricing(o.OrderSpec, want) {
			return o
		}
	}
	return working[len(working)-1]
}

// standing plans a declared order that stands at the broker. What the
// tag's earlier orders filled counts as part of it: a cancel-replace
// leaves the replacement with the unfilled rest.
func (od *orderDiff) standing(d *config.Order, want provider.OrderSpec, live provider.Order) {
	legs, filled := od.withEarlierFills(live)

	var forces []string
	if live.AccountNumber != d.Account {
		forces = append(forces, "account")
	}
	if !sameLegs(legs, want.Legs) {
		forces = append(forces, "leg")
	}
	requested := slices.Contains(od.replace, d.Address)
	if requested && len(forces) == 0 {
		forces = append(forces, "-replace")
	}
	pricing := samePricing(live.OrderSpec, want)
	if len(forces) == 0 && pricing {
		if filled.IsPositive() {
			od.p.Drift = append(od.p.Drift, Note{Address: d.Address, Message: fmt.Sprintf(
				"%s; the remaining %s stands", fillSummary(append([]provider.Order{live}, od.chain(live)...), hidesPrice(d.Sensitive)),
				hideIf(slices.Contains(d.Sensitive, "leg.quantity"), remainingOf(live).String()))})
		}
		return
	}

	if len(forces) > 0 && filled.IsPositive() {
		od.p.Drift = append(od.p.Drift, Note{Address: d.Address, Message: fmt.Sprintf(
			"order %d is partly filled (%s filled); ttplan will not cancel it and place it "+
				"again with another %s, which would trade more than declared. Cancel it in "+
				"the app, or remove the block.", live.ID, filled, forces[0])})
		return
	}

	before := live.OrderSpec
	before.Legs = legs
	c := &Change{
		Address: d.Address,
		Kind:    "order",
		Label:   label(d.Address),
		Action:  Update,
		Reason:  fmt.Sprintf("the broker replaces order %d with a new order id", live.ID),
		Before:  orderObject(live.AccountNumber, live.ID, before),
		After:   orderObject(d.Account, -1, want),
		order:   &orderOp{Live: &live, Account: d.Account, Spec: want},
	}
	switch {
	case requested && forces[0] == "-replace":
		c.Action = Replace
		c.Reason = "replacement requested with -replace"
	case len(forces) > 0:
		c.Action = Replace
		c.Reason = ""
		c.ForcesReplacement = forces
	case !live.Editable:
		c.Action = Replace
		c.Reason = fmt.Sprintf("the broker reports order %d as not editable", live.ID)
	case filled.IsPositive():
		c.Reason += fmt.Sprintf("; %s already filled, the replacement covers the remaining %s", filled,
			hideIf(slices.Contains(d.Sensitive, "leg.quantity"), remainingOf(live).String()))
	}
	if c.Action == Replace && filled.IsPositive() {
		od.p.Drift = append(od.p.Drift, Note{Address: d.Address, Message: fmt.Sprintf(
			"order %d is partly filled and the broker will not replace it; cancel it in the "+
				"app, or remove the block", live.ID)})
		return
	}
	od.p.Changes = append(od.p.Changes, c)
}

// withEarlierFills returns the live order's legs with the quantities the
// orders it replaced filled added back, so they compare with the declared
// legs, and the total filled along that chain.
func (od *orderDiff) withEarlierFills(live provider.Order) ([]provider.Leg, decimal.Decimal) {
	earlier := map[string]decimal.Decimal{}
	total := live.FilledQuantity()
	for _, o := range od.chain(live) {
		for _, l := range o.Legs {
			for _, f := range l.Fills {
				earlier[l.Symbol] = earlier[l.Symbol].Add(f.Quantity)
				total = total.Add(f.Quantity)
			}
		}
	}

	legs := make([]provider.Leg, len(live.Legs))
	for i, l := range live.Legs {
		legs[i] = l
		if add, ok := earlier[l.Symbol]; ok && l.Quantity.Valid {
			legs[i].Quantity = decimal.NewNullDecimal(l.Quantity.Decimal.Add(add))
		}
	}
	return legs, total
}

// chain lists the orders o replaced, newest first, as far back as the
// state reaches.
func (od *orderDiff) chain(o provider.Order) []provider.Order {
	var out []provider.Order
	seen := map[int64]bool{o.ID: true}
	for id := o.ReplacesOrderID; id != 0 && !seen[id]; {
		prev, ok := od.byID[id]
		if !ok {
			break
		}
		seen[id] = true
		out = append(out, prev)
		id = prev.ReplacesOrderID
	}
	return out
}

// chainFilled is what o and the orders it replaced have filled.
func (od *orderDiff) chainFilled(o provider.Order) decimal.Decimal {
	_, total := od.withEarlierFills(o)
	return total
}

func deleteOrder(address string, o provider.Order, reason string) *Change {
	return &Change{
		Address: address,
		Kind:    "order",
		Label:   label(address),
		Action:  Delete,
		Reason:  reason,
		Before:  orderObject(o.AccountNumber, o.ID, o.OrderSpec),
		order:   &orderOp{Live: &o},
	}
}

// remainingOf is what is left to fill of a standing order, summed over
// its legs.
func remainingOf(o provider.Order) decimal.Decimal {
	total := decimal.Zero
	for _, l := range remaining(o.Legs) {
		if l.Quantity.Valid {
			total = total.Add(l.Quantity.Decimal)
		}
	}
	return total
}
