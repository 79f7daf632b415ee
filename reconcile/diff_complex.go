package reconcile

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// complexOp is what apply needs to act on a complex order.
type complexOp struct {
	Account string

	// Names are the components' names, trigger first when there is one;
	// Tags are their order tags, and Sensitive their sensitive
	// arguments, in the same order.
	Names     []string
	Tags      []string
	Sensitive [][]string `json:",omitempty"`
	Rearm     int        `json:",omitempty"`

	// Spec is the complex order to place, for a create or a replace.
	Spec *provider.ComplexSpec `json:",omitempty"`

	// LiveID is the standing complex order to cancel, for a replace or
	// a delete, and Live its components as the plan read them.
	LiveID int64            `json:",omitempty"`
	Live   []provider.Order `json:",omitempty"`

	// Updates replace single standing components in place.
	Updates []*orderOp `json:",omitempty"`
}

// componentAddress names one component: otoco.x/take_profit.
func componentAddress(address, name string) string { return address + "/" + name }

// componentTag is the tag of one component of the complex order at
// address.
func componentTag(workspace, address string, rearm int, name string) string {
	return OrderTag(workspace, componentAddress(orderIdentity(address, rearm), name))
}

// components lists a complex order's components, trigger first.
func components(co *config.ComplexOrder) []*config.Component {
	var out []*config.Component
	if co.Trigger != nil {
		out = append(out, co.Trigger)
	}
	return append(out, co.Orders...)
}

// diffComplex plans the declared complex orders, marking their tags
// declared, and returns the undeclared components it must not treat as
// plain orders.
func (od *orderDiff) diffComplex(cfg *config.Config, byTag map[string][]provider.Order, declared map[string]bool, version string) {
	ws := cfg.Provider.Workspace
	for _, co := range cfg.ComplexOrders {
		op := &complexOp{Account: co.Account, Rearm: co.Rearm}
		spec := &provider.ComplexSpec{Type: co.Type, Source: Source(version)}
		var orders []provider.Order
		ok := true
		for _, comp := range components(co) {
			tag := componentTag(ws, co.Address, co.Rearm, comp.Name)
			declared[tag] = true
			op.Names = append(op.Names, comp.Name)
			op.Tags = append(op.Tags, tag)
			op.Sensitive = append(op.Sensitive, comp.Sensitive)
			s := desiredSpec(&config.Order{Spec: comp.Spec}, tag, version)
			s.Source = ""
			if comp.Name == "trigger" && co.Trigger != nil {
				spec.Trigger = &s
			} else {
				spec.Orders = append(spec.Orders, s)
			}
			for _, o := range byTag[tag] {
				ok = ok && od.checkStatus(co.Address, o)
				orders = append(orders, o)
			}
		}
		if !slices.ContainsFunc(op.Sensitive, func(n []string) bool { return len(n) > 0 }) {
			op.Sensitive = nil
		}
		op.Spec = spec
		if ok {
			od.complex(co, op, orders)
		}
	}
}

// specOf returns the spec of component i of op.Spec.
func (op *complexOp) specOf(i int) provider.OrderSpec {
	if op.Spec.Trigger != nil {
		if i == 0 {
			return *op.Spec.Trigger
		}
		return op.Spec.Orders[i-1]
	}
	return op.Spec.Orders[i]
}

// complex plans one declared complex order against the orders carrying
// its components' tags.
func (od *orderDiff) complex(co *config.ComplexOrder, op *complexOp, orders []provider.Order) {
	kind := string(co.Type)
	drift := func(format string, args ...any) {
		od.p.Drift = append(od.p.Drift, Note{Address: co.Address, Message: fmt.Sprintf(format, args...)})
	}
	create := func(reason string) {
		od.p.Changes = append(od.p.Changes, &Change{
			Address: co.Address, Kind: strings.ToLower(kind), Label: label(co.Address),
			Action: Create, Reason: reason,
			After:   complexObject(op, co.Account, 0, nil),
			complex: op,
		})
	}
	if len(orders) == 0 {
		create("")
		return
	}

	// The newest complex order placed for the block is the one that
	// counts; older ones ended before it was placed.
	var instance int64
	for _, o := range orders {
		instance = max(instance, o.ComplexOrderID)
	}
	byName := map[string]provider.Order{}
	var current []provider.Order
	for _, o := range orders {
		if o.ComplexOrderID != instance {
			continue
		}
		current = append(current, o)
		for i, tag := range op.Tags {
			if o.ExternalIdentifier == tag && o.ID > byName[op.Names[i]].ID {
				byName[op.Names[i]] = o
			}
		}
	}
	slices.SortFunc(current, func(a, b provider.Order) int { return int(a.ID - b.ID) })

	working, traded := false, false
	for _, o := range current {
		if o.Status.Pending() {
			drift("component order %d is %s at the broker; ttplan will decide what to do once it "+
				"settles. Run plan again shortly.", o.ID, o.Status)
			return
		}
		working = working || o.Status.Working()
		traded = traded || o.FilledQuantity().IsPositive() || o.Status == provider.StatusFilled
	}
	hide := slices.ContainsFunc(op.Sensitive, hidesPrice)
	for i, name := range op.Names {
		if o, ok := byName[name]; ok && (o.Status == provider.StatusFilled || o.FilledQuantity().IsPositive()) {
			drift("%s: %s", name, fillSummary([]provider.Order{o}, hide || (op.Sensitive != nil && hidesPrice(op.Sensitive[i]))))
		}
	}

	if !working {
		if traded {
			drift("the %s order has ended and part of it traded; ttplan will not place it again. "+
				"Remove the block, or raise rearm to place a new one.", kind)
			return
		}
		last := current[len(current)-1]
		if last.Status == provider.StatusExpired && last.TimeInForce == provider.GTD {
			drift("the %s order expired at the end of its gtc_date; ttplan will not place it again. "+
				"Set a later gtc_date to place a new one.", kind)
			return
		}
		reason := od.terminalReason(last)
		if !(last.Status == provider.StatusCancelled &&
			slices.Contains(od.rec.Orders[last.ExternalIdentifier].Cancelled, last.ID)) {
			drift("%s; the configuration still declares it, so ttplan will place it again", reason)
		}
		create(reason)
		return
	}

	// It stands. Compare each component that still matters.
	var changed []string
	var updates []*orderOp
	replaceable := true
	for i, name := range op.Names {
		live, ok := byName[name]
		if !ok || live.Status.Terminal() {
			continue // filled, or cancelled by its OCO sibling's fill
		}
		want := op.specOf(i)
		if live.AccountNumber == co.Account && sameLegs(live.Legs, want.Legs) && samePricing(live.OrderSpec, want) {
			continue
		}
		changed = append(changed, name)
		if live.Status == provider.StatusLive && live.Editable && live.AccountNumber == co.Account &&
			sameLegs(live.Legs, want.Legs) && !live.FilledQuantity().IsPositive() {
			l := live
			updates = append(updates, &orderOp{Live: &l, Account: co.Account, Spec: want, Sensitive: sensitiveAt(op, i)})
		} else {
			replaceable = false
		}
	}
	if len(changed) == 0 {
		return
	}

	before := complexObject(op, current[0].AccountNumber, instance, byName)
	states := componentStates(op.Names, byName)
	switch {
	case replaceable:
		upd := *op
		upd.Spec, upd.Updates = nil, updates
		od.p.Changes = append(od.p.Changes, &Change{
			Address: co.Address, Kind: strings.ToLower(kind), Label: label(co.Address), Action: Update,
			Reason:  "the broker replaces " + strings.Join(changed, " and ") + " with new order ids; " + states,
			Before:  before,
			After:   complexObject(op, co.Account, -1, nil),
			complex: &upd,
		})
	case !traded:
		repl := *op
		repl.LiveID, repl.Live = instance, current
		od.p.Changes = append(od.p.Changes, &Change{
			Address: co.Address, Kind: strings.ToLower(kind), Label: label(co.Address), Action: Replace,
			Reason: "the broker cannot replace " + strings.Join(changed, " and ") +
				" in place, so the whole " + kind + " order is cancelled and placed again; " + states,
			Before:  before,
			After:   complexObject(op, co.Account, 0, nil),
			complex: &repl,
		})
	default:
		drift("%s changed, but the broker cannot replace it in place and part of the %s order has "+
			"traded; ttplan will not cancel it and place it again. Change it in the app, or remove the block.",
			strings.Join(changed, " and "), kind)
	}
}

// componentStates says where each component stands: "trigger Filled,
// take_profit Live, stop_loss Live".
func componentStates(names []string, byName map[string]provider.Order) string {
	var parts []string
	for _, name := range names {
		if o, ok := byName[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %s", name, o.Status))
		}
	}
	return strings.Join(parts, ", ")
}

func sensitiveAt(op *complexOp, i int) []string {
	if op.Sensitive == nil {
		return nil
	}
	return op.Sensitive[i]
}

// undeclaredComplex plans the complex orders whose blocks are gone:
// each standing one is cancelled, by its complex order id, when the
// record says this configuration placed it.
func (od *orderDiff) undeclaredComplex(orders []provider.Order) {
	byID := map[int64][]provider.Order{}
	for _, o := range orders {
		byID[o.ComplexOrderID] = append(byID[o.ComplexOrderID], o)
	}
	for _, id := range slices.Sorted(maps.Keys(byID)) {
		comps := byID[id]
		address := ""
		for _, o := range comps {
			if a := od.rec.Orders[o.ExternalIdentifier].Address; a != "" {
				address = baseAddress(a)
			}
		}
		working := slices.ContainsFunc(comps, func(o provider.Order) bool { return o.Status.Working() })
		if !working {
			continue
		}
		if address == "" {
			od.p.Warnings = append(od.p.Warnings, Note{Message: fmt.Sprintf(
				"complex order %d carries this workspace's tags, but no block declares it and the "+
					"record (%s) does not name it; ttplan leaves it alone", id, RecordFile)})
			continue
		}
		kind, _, _ := strings.Cut(address, ".")
		op := &complexOp{Account: comps[0].AccountNumber, LiveID: id, Live: comps}
		for _, o := range comps {
			name := strings.TrimPrefix(od.rec.Orders[o.ExternalIdentifier].Address, address+"/")
			if !slices.Contains(op.Names, name) {
				op.Names = append(op.Names, name)
				op.Tags = append(op.Tags, o.ExternalIdentifier)
			}
		}
		byName := map[string]provider.Order{}
		for _, o := range comps {
			for i, tag := range op.Tags {
				if o.ExternalIdentifier == tag && o.ID > byName[op.Names[i]].ID {
					byName[op.Names[i]] = o
				}
			}
		}
		od.p.Changes = append(od.p.Changes, &Change{
			Address: address, Kind: kind, Label: label(address), Action: Delete,
			Reason:  "not in the configuration; " + componentStates(op.Names, byName),
			Before:  complexObject(op, op.Account, id, byName),
			complex: op,
		})
	}
}

// complexObject shows a complex order: its id and account, then the
// trigger block and one order block per other component. With live set
// the components are shown as they stand; otherwise as op declares them.
// id <= 0 means the id is known only after apply.
func complexObject(op *complexOp, account string, id int64, live map[string]provider.Order) *Object {
	o := &Object{}
	if id > 0 {
		o.add("id", strconv.FormatInt(id, 10))
	} else {
		o.Attrs = append(o.Attrs, Attr{Name: "id", Kind: Computed})
	}
	o.add("account", quote(account))
	addRearm(o, op.Rearm)

	trigger := Attr{Name: "trigger", Kind: Blocks}
	others := Attr{Name: "order", Kind: Blocks}
	for i, name := range op.Names {
		var s provider.OrderSpec
		switch {
		case live != nil:
			l, ok := live[name]
			if !ok {
				continue
			}
			s = l.OrderSpec
		case op.Spec != nil:
			s = op.specOf(i)
		default:
			continue
		}
		comp := orderObject("", 1, s)
		comp.Attrs = slices.DeleteFunc(comp.Attrs, func(a Attr) bool { return a.Name == "id" || a.Name == "account" })
		hideSensitive(nil, comp, sensitiveAt(op, i))
		if name == "trigger" {
			trigger.Blocks = append(trigger.Blocks, comp)
			continue
		}
		comp.Attrs = slices.Insert(comp.Attrs, 0, Attr{Name: "name", Kind: Scalar, Value: quote(name)})
		others.Blocks = append(others.Blocks, comp)
	}
	if len(trigger.Blocks) > 0 {
		o.Attrs = append(o.Attrs, trigger)
	}
	o.Attrs = append(o.Attrs, others)
	return o
}
