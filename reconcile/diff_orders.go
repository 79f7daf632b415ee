package reconcile

import (
	"fmt"
	"sort"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// diffOrders plans the orders. Each declared order is found at the broker
// by its tag, never by its shape: an order without ttplan's tag is never
// touched, and an order whose placement answer was lost is still found.
func diffOrders(p *Plan, cfg *config.Config, st *State, opts Options) {
	ws := cfg.Provider.Workspace
	byTag := st.ordersByTag()

	declared := map[string]bool{}
	for _, d := range cfg.Orders {
		tag := OrderTag(ws, d.Address)
		declared[tag] = true
		diffOrder(p, d, desiredSpec(d, tag, opts.Version), byTag[tag])
	}

	tags := make([]string, 0, len(byTag))
	for tag := range byTag {
		if !declared[tag] && ownedBy(tag, ws) {
			tags = append(tags, tag)
		}
	}
	sort.Strings(tags)
	for _, tag := range tags {
		address := opts.Record.Orders[tag].Address
		if address == "" {
			address = "order.removed_" + tag[len(tag)-8:]
		}
		for _, o := range byTag[tag] {
			if !checkStatus(p, address, o) {
				continue
			}
			if o.Status.Working() {
				p.Changes = append(p.Changes, deleteOrder(address, o, "not in the configuration"))
			}
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

// diffOrder plans one declared order against the orders carrying its tag.
func diffOrder(p *Plan, d *config.Order, want provider.OrderSpec, tagged []provider.Order) {
	var working []provider.Order
	for _, o := range tagged {
		if !checkStatus(p, d.Address, o) {
			return
		}
		if o.Status.Working() {
			working = append(working, o)
		}
	}

	if len(working) == 0 {
		diffMissingOrder(p, d, want, tagged)
		return
	}

	keep := pickOrder(working, d.Account, want)
	for _, o := range working {
		if o.ID != keep.ID {
			p.Changes = append(p.Changes, deleteOrder(d.Address, o,
				fmt.Sprintf("a second standing order with the same tag as order %d", keep.ID)))
		}
	}
	diffStandingOrder(p, d, want, keep)
}

// checkStatus records an error and reports false when ttplan does not
// know the order's status: it will not cancel or place anything for an
// order it cannot reason about.
func checkStatus(p *Plan, address string, o provider.Order) bool {
	if o.Status.Known() {
		return true
	}
	p.Errors = append(p.Errors, Note{Address: address, Message: fmt.Sprintf(
		"order %d has status %q, which ttplan does not know; it will neither cancel nor "+
			"place this order until the status is one it understands", o.ID, o.Status)})
	return false
}

// diffMissingOrder plans a declared order that has no standing order.
func diffMissingOrder(p *Plan, d *config.Order, want provider.OrderSpec, tagged []provider.Order) {
	for _, o := range tagged {
		if o.Status.Pending() {
			p.Drift = append(p.Drift, Note{Address: d.Address, Message: fmt.Sprintf(
				"order %d is %s at the broker; ttplan will decide what to do once it "+
					"settles. Run plan again shortly.", o.ID, o.Status)})
			return
		}
	}

	for _, o := range tagged {
		if o.Status == provider.StatusFilled || o.FilledQuantity().IsPositive() {
			p.Drift = append(p.Drift, Note{Address: d.Address, Message: filledMessage(o)})
			return
		}
	}

	reason := ""
	if n := len(tagged); n > 0 {
		reason = terminalReason(tagged[n-1])
	}
	p.Changes = append(p.Changes, &Change{
		Address: d.Address,
		Kind:    "order",
		Label:   label(d.Address),
		Action:  Create,
		Reason:  reason,
		After:   orderObject(d.Account, 0, want),
		order:   &orderOp{Account: d.Account, Spec: want},
	})
}

func filledMessage(o provider.Order) string {
	msg := fmt.Sprintf("order %d %s", o.ID, fillSummary(o))
	return msg + "; ttplan will not place it again. Remove the block once you no longer want it declared."
}

func fillSummary(o provider.Order) string {
	qty := o.FilledQuantity()
	var last provider.Fill
	for _, l := range o.Legs {
		for _, f := range l.Fills {
			if f.FilledAt.After(last.FilledAt) || last.FilledAt.IsZero() {
				last = f
			}
		}
	}

	verb := "filled"
	if o.Status != provider.StatusFilled {
		verb = fmt.Sprintf("partly filled and then %s", o.Status)
	}
	if qty.IsZero() {
		return verb
	}
	s := fmt.Sprintf("%s (%s at %s", verb, qty, last.Price)
	if !last.FilledAt.IsZero() {
		s += " on " + last.FilledAt.In(newYork).Format(time2006)
	}
	return s + ")"
}

const time2006 = "2006-01-02 15:04 MST"

// terminalReason says why a declared order must be placed again.
func terminalReason(o provider.Order) string {
	switch o.Status {
	case provider.StatusCancelled:
		if o.ReplacingOrderID != 0 {
			return fmt.Sprintf("order %d was replaced by order %d, which is gone", o.ID, o.ReplacingOrderID)
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

// diffStandingOrder plans a declared order that stands at the broker.
func diffStandingOrder(p *Plan, d *config.Order, want provider.OrderSpec, live provider.Order) {
	var forces []string
	if live.AccountNumber != d.Account {
		forces = append(forces, "account")
	}
	if !sameLegs(live.Legs, want.Legs) {
		forces = append(forces, "leg")
	}
	pricing := samePricing(live.OrderSpec, want)
	if len(forces) == 0 && pricing {
		return
	}

	c := &Change{
		Address: d.Address,
		Kind:    "order",
		Label:   label(d.Address),
		Action:  Update,
		Before:  orderObject(live.AccountNumber, live.ID, live.OrderSpec),
		After:   orderObject(d.Account, -1, want),
		order:   &orderOp{Live: &live, Account: d.Account, Spec: want},
	}
	switch {
	case len(forces) > 0:
		c.Action = Replace
		c.ForcesReplacement = forces
	case !live.Editable:
		c.Action = Replace
		c.Reason = fmt.Sprintf("the broker reports order %d as not editable", live.ID)
	}
	if c.Action == Update {
		c.Reason = fmt.Sprintf("the broker replaces order %d with a new order id", live.ID)
	}
	p.Changes = append(p.Changes, c)
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
