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
	// a delete, and Live every order of it as the plan read them.
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

// newComplexOp is the declared complex order as apply would place it.
func newComplexOp(co *config.ComplexOrder, workspace, version string) *complexOp {
	op := &complexOp{Account: co.Account, Rearm: co.Rearm}
	spec := &provider.ComplexSpec{Type: co.Type, Source: Source(version)}
	for _, comp := range components(co) {
		tag := componentTag(workspace, co.Address, co.Rearm, comp.Name)
		op.Names = append(op.Names, comp.Name)
		op.Tags = append(op.Tags, tag)
		op.Sensitive = append(op.Sensitive, comp.Sensitive)
		s := desiredSpec(&config.Order{Spec: comp.Spec}, tag, version)
		s.Source = ""
		if comp == co.Trigger {
			spec.Trigger = &s
		} else {
			spec.Orders = append(spec.Orders, s)
		}
	}
	if !slices.ContainsFunc(op.Sensitive, func(n []string) bool { return len(n) > 0 }) {
		op.Sensitive = nil
	}
	op.Spec = spec
	return op
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

// index returns the position of the component with tag, or -1.
func (op *complexOp) index(tag string) int { return slices.Index(op.Tags, tag) }

func sensitiveAt(op *complexOp, i int) []string {
	if op.Sensitive == nil || i < 0 || i >= len(op.Sensitive) {
		return nil
	}
	return op.Sensitive[i]
}

// instance is one complex order at the broker: every order that carries
// its id, in id order, and the block it belongs to.
type instance struct {
	id      int64
	orders  []provider.Order
	address string
}

// names gives each order of the instance its component name: the
// declared one for a declared tag, else the one the record keeps. It
// returns the newest order of each name, which is the one standing
// after any in-place replacement.
func (od *orderDiff) names(in *instance, op *complexOp) (map[string]provider.Order, []string) {
	byName := map[string]provider.Order{}
	var order []string
	for _, o := range in.orders {
		name := ""
		if op != nil {
			if i := op.index(o.ExternalIdentifier); i >= 0 {
				name = op.Names[i]
			}
		}
		if name == "" {
			_, name = splitComponent(od.rec.Orders[o.ExternalIdentifier].Address)
		}
		if name == "" {
			name = "order " + strconv.FormatInt(o.ID, 10)
		}
		if _, ok := byName[name]; !ok {
			order = append(order, name)
		}
		byName[name] = o // orders are in id order: the newest wins
	}
	return byName, order
}

func (in *instance) working() bool {
	return slices.ContainsFunc(in.orders, func(o provider.Order) bool { return o.Status.Working() })
}

func (in *instance) pending() (provider.Order, bool) {
	for _, o := range in.orders {
		if o.Status.Pending() {
			return o, true
		}
	}
	return provider.Order{}, false
}

func (in *instance) traded() bool {
	return slices.ContainsFunc(in.orders, func(o provider.Order) bool {
		return o.Status == provider.StatusFilled || o.FilledQuantity().IsPositive()
	})
}

// workingCount is how many of its orders stand.
func (in *instance) workingCount() int {
	n := 0
	for _, o := range in.orders {
		if o.Status.Working() {
			n++
		}
	}
	return n
}

// complexInstances groups the orders of the workspace that belong to a
// complex order by complex order id, and tells which block each belongs
// to: from the tags the configuration declares, else from the record.
func (od *orderDiff) complexInstances(byTag map[string][]provider.Order, ws string, tagAddress map[string]string) map[int64]*instance {
	out := map[int64]*instance{}
	for tag, orders := range byTag {
		if !ownedBy(tag, ws) {
			continue
		}
		for _, o := range orders {
			if o.ComplexOrderID == 0 {
				continue
			}
			in := out[o.ComplexOrderID]
			if in == nil {
				in = &instance{id: o.ComplexOrderID}
				out[o.ComplexOrderID] = in
			}
			in.orders = append(in.orders, o)
			if a := tagAddress[tag]; a != "" {
				in.address = a
			} else if a := od.rec.Orders[tag].Address; a != "" && in.address == "" {
				in.address = baseAddress(a)
			}
		}
	}
	for _, in := range out {
		slices.SortFunc(in.orders, func(a, b provider.Order) int { return cmpID(a.ID, b.ID) })
	}
	return out
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// diffComplex plans the declared complex orders and those whose blocks
// are gone. It marks the declared components' tags in declared, so the
// plain-order diff leaves them alone.
func (od *orderDiff) diffComplex(cfg *config.Config, byTag map[string][]provider.Order, declared map[string]bool, version string) {
	ws := cfg.Provider.Workspace
	ops := map[string]*complexOp{}
	tagAddress := map[string]string{}
	for _, co := range cfg.ComplexOrders {
		op := newComplexOp(co, ws, version)
		ops[co.Address] = op
		for _, tag := range op.Tags {
			declared[tag] = true
			tagAddress[tag] = co.Address
		}
	}
	instances := od.complexInstances(byTag, ws, tagAddress)
	byAddress := map[string][]*instance{}
	for _, id := range slices.Sorted(maps.Keys(instances)) {
		in := instances[id]
		byAddress[in.address] = append(byAddress[in.address], in)
	}

	for _, co := range cfg.ComplexOrders {
		ok := true
		for _, in := range byAddress[co.Address] {
			for _, o := range in.orders {
				ok = ok && od.checkStatus(co.Address, o)
			}
		}
		if ok {
			od.complex(co, ops[co.Address], byAddress[co.Address])
		}
		delete(byAddress, co.Address)
	}

	for _, address := range slices.Sorted(maps.Keys(byAddress)) {
		for _, in := range byAddress[address] {
			od.undeclaredComplex(address, in)
		}
	}
}

// complex plans one declared complex order against the complex orders
// the broker holds for its block, oldest first.
func (od *orderDiff) complex(co *config.ComplexOrder, op *complexOp, instances []*instance) {
	kind := strings.ToLower(string(co.Type))
	drift := func(format string, args ...any) {
		od.p.Drift = append(od.p.Drift, Note{Address: co.Address, Message: fmt.Sprintf(format, args...)})
	}
	change := func(a Action, reason string, before *Object, id int64, cop *complexOp) *Change {
		after := complexObject(op, co.Account, id, nil)
		hideComplex(before, after, op)
		c := &Change{Address: co.Address, Kind: kind, Label: label(co.Address), Action: a, Reason: reason,
			Before: before, After: after, complex: cop}
		od.p.Changes = append(od.p.Changes, c)
		return c
	}

	// Complex orders placed under another rearm are earlier generations.
	var current []*instance
	for _, in := range instances {
		if slices.ContainsFunc(in.orders, func(o provider.Order) bool { return op.index(o.ExternalIdentifier) >= 0 }) {
			current = append(current, in)
		} else {
			od.earlierGeneration(co, op, in)
		}
	}

	if len(current) == 0 {
		change(Create, "", nil, 0, op)
		return
	}

	// Two complex orders for one block (two runs raced, or an answer was
	// lost): the one that traded is the block's, else the newest
	// standing one. Every other untraded one standing is cancelled; one
	// that traded too is left alone, loudly.
	in := current[len(current)-1]
	for _, x := range current {
		if x.working() {
			in = x
		}
	}
	for _, x := range current {
		if x.traded() {
			in = x
		}
	}
	for _, x := range current {
		switch {
		case x == in || !x.working():
		case x.traded():
			od.p.Warnings = append(od.p.Warnings, Note{Address: co.Address, Message: fmt.Sprintf(
				"complex orders %d and %d both carry this block's tags and both have traded; ttplan "+
					"acts on %d only. Cancel the other in the app if it should not stand.", x.id, in.id, in.id)})
		default:
			od.cancelInstance(co.Address, kind, x, fmt.Sprintf(
				"a second %s order for this block, beside complex order %d", kind, in.id), op)
		}
	}
	byName, liveNames := od.names(in, op)

	if o, ok := in.pending(); ok {
		drift("component order %d is %s at the broker; ttplan will decide what to do once it "+
			"settles. Run plan again shortly.", o.ID, o.Status)
		return
	}
	hide := slices.ContainsFunc(op.Sensitive, hidesPrice)
	for _, name := range liveNames {
		if o := byName[name]; o.Status == provider.StatusFilled || o.FilledQuantity().IsPositive() {
			drift("%s: %s", name, fillSummary([]provider.Order{o}, hide))
		}
	}
	traded := in.traded()
	states := componentStates(liveNames, byName)
	first := byName[op.Names[0]]

	if !in.working() {
		switch {
		case traded:
			drift("the %s order has ended and part of it traded; ttplan will not place it again. "+
				"Remove the block, or raise rearm to place a new one.", kind)
		case first.Status == provider.StatusExpired && first.TimeInForce == provider.GTD &&
			dateOnly(first.GTCDate) == dateOnly(op.specOf(0).GTCDate):
			drift("the %s order expired at the end of its gtc_date %s; ttplan will not place it again. "+
				"Set a later gtc_date to place a new one.", kind, dateOnly(first.GTCDate))
		default:
			last := first
			if last.ID == 0 {
				last = in.orders[0]
			}
			reason := od.terminalReason(last)
			if !od.cancelledByTTPlan(last) {
				drift("%s; the configuration still declares it, so ttplan will place it again", reason)
			}
			change(Create, reason, nil, 0, op)
		}
		return
	}

	// It stands. Find what differs from the declaration.
	var problems []string // what only a whole replacement can change
	if string(co.Type) != complexTypeOf(in) {
		problems = append(problems, "its type changed")
	}
	if !slices.Equal(slices.Sorted(slices.Values(liveNames)), slices.Sorted(slices.Values(op.Names))) {
		problems = append(problems, "its components changed (some were added, removed or renamed)")
	}
	if slices.Contains(od.replace, co.Address) {
		problems = append(problems, "-replace")
	}
	var changed []string
	var updates []*orderOp
	for i, name := range op.Names {
		live, ok := byName[name]
		if !ok {
			continue
		}
		want := op.specOf(i)
		same := live.AccountNumber == co.Account && sameLegs(live.Legs, want.Legs) && samePricing(live.OrderSpec, want)
		editable := live.Status.Working() && live.Status != provider.StatusContingent && live.Editable &&
			live.AccountNumber == co.Account && sameLegs(live.Legs, want.Legs)
		switch {
		case live.Status == provider.StatusFilled || (live.Status.Terminal() && live.FilledQuantity().IsPositive()):
			if !same {
				drift("%s has traded, so the change to it no longer applies", name)
			}
		case live.FilledQuantity().IsPositive() && samePricing(live.OrderSpec, want):
			// Partly filled, and priced as declared: the rest stands.
		case live.FilledQuantity().IsPositive() && editable:
			l := live
			changed = append(changed, name)
			updates = append(updates, &orderOp{Live: &l, Account: co.Account, Spec: want, Sensitive: sensitiveAt(op, i)})
		case live.FilledQuantity().IsPositive():
			drift("%s is partly filled and the broker cannot replace it in place; ttplan will not "+
				"cancel it, so the change to it does not apply", name)
		case live.Status.Terminal():
			if !od.explainedEnd(in, live, byName, op) {
				drift("%s (order %d) is %s: %s", name, live.ID, live.Status, strings.TrimPrefix(
					od.terminalReason(live), fmt.Sprintf("order %d ", live.ID)))
				problems = append(problems, name+" is "+strings.ToLower(string(live.Status)))
			}
		case same:
		case editable:
			l := live
			changed = append(changed, name)
			updates = append(updates, &orderOp{Live: &l, Account: co.Account, Spec: want, Sensitive: sensitiveAt(op, i)})
		default:
			changed = append(changed, name)
			problems = append(problems, name+" cannot be replaced in place")
		}
	}

	before := complexObject(op, in.orders[0].AccountNumber, in.id, byName)
	switch {
	case len(problems) > 0 && traded:
		drift("ttplan would have to cancel the whole %s order and place it again (%s), but part of "+
			"it has traded, so it will not. Change it in the app, or remove the block. Now: %s",
			kind, strings.Join(problems, "; "), states)
	case len(problems) > 0:
		repl := *op
		repl.LiveID, repl.Live = in.id, in.orders
		reason := "the whole " + kind + " order is cancelled and placed again: " + strings.Join(problems, "; ")
		if slices.Equal(problems, []string{"-replace"}) {
			reason = "replacement requested with -replace"
		}
		change(Replace, reason+"; "+states, before, 0, &repl)
	case len(updates) > 0:
		upd := *op
		upd.Spec, upd.Updates = nil, updates
		change(Update, "the broker replaces "+strings.Join(changed, " and ")+" with new order ids; "+states,
			before, in.id, &upd)
	}
}

// explainedEnd reports whether a component that ended without trading
// did so for a reason that needs nothing: ttplan cancelled it, it
// expired at its own gtc_date, or the other order of its pair filled.
func (od *orderDiff) explainedEnd(in *instance, o provider.Order, byName map[string]provider.Order, op *complexOp) bool {
	if od.cancelledByTTPlan(o) {
		return true
	}
	if o.Status == provider.StatusExpired && o.TimeInForce == provider.GTD {
		return true // it ended at its own date, as declared
	}
	if !strings.HasPrefix(o.ComplexOrderTag, "OCO::") && !strings.Contains(o.ComplexOrderTag, "::oco-") {
		return false
	}
	for name, other := range byName {
		if other.ID != o.ID && name != "trigger" && other.Status == provider.StatusFilled {
			return true
		}
	}
	return false
}

func (od *orderDiff) cancelledByTTPlan(o provider.Order) bool {
	return o.Status == provider.StatusCancelled &&
		slices.Contains(od.rec.Orders[o.ExternalIdentifier].Cancelled, o.ID)
}

// complexTypeOf is the type of the complex order the instance's orders
// say they belong to: "OTOCO" for "OTOCO::trigger-order".
func complexTypeOf(in *instance) string {
	for _, o := range in.orders {
		if t, _, ok := strings.Cut(o.ComplexOrderTag, "::"); ok {
			return t
		}
	}
	return ""
}

// earlierGeneration plans a complex order of the block placed under an
// earlier rearm. Still standing and untraded, it is cancelled; one that
// traded keeps its exits, which protect what it bought.
func (od *orderDiff) earlierGeneration(co *config.ComplexOrder, op *complexOp, in *instance) {
	if !in.working() {
		return
	}
	kind := strings.ToLower(string(co.Type))
	byName, _ := od.names(in, nil)
	if t, ok := byName["trigger"]; ok && in.traded() && t.Status.Working() {
		od.p.Errors = append(od.p.Errors, Note{Address: co.Address, Message: fmt.Sprintf(
			"complex order %d, placed before rearm was raised to %d, has traded, and its trigger "+
				"(order %d) still stands to buy or sell the rest: beside the new one, it would trade "+
				"more than declared. Cancel complex order %d in the app, or wait until its trigger "+
				"has filled.", in.id, co.Rearm, t.ID, in.id)})
		return
	}
	if in.traded() {
		od.p.Warnings = append(od.p.Warnings, Note{Address: co.Address, Message: fmt.Sprintf(
			"complex order %d, placed before rearm was raised to %d, has traded; ttplan leaves its "+
				"standing orders alone, as they may protect what it bought. Cancel them in the app "+
				"when you no longer want them.", in.id, co.Rearm)})
		return
	}
	od.cancelInstance(co.Address, kind, in, fmt.Sprintf("re-armed: rearm is now %d, which declares a new %s order", co.Rearm, kind), op)
}

// undeclaredComplex plans a complex order whose block is gone: cancelled
// by its complex order id when the record says this configuration placed
// it.
func (od *orderDiff) undeclaredComplex(address string, in *instance) {
	if !in.working() {
		return
	}
	if address == "" {
		od.p.Warnings = append(od.p.Warnings, Note{Message: fmt.Sprintf(
			"complex order %d carries this workspace's tags, but no block declares it and the "+
				"record (%s) does not name it; ttplan leaves it alone", in.id, RecordFile)})
		return
	}
	kind, _, _ := strings.Cut(address, ".")
	reason := "not in the configuration"
	if in.traded() {
		reason += "; part of it has traded, and cancelling it leaves what it bought without the exits still standing"
	}
	od.cancelInstance(address, kind, in, reason, nil)
}

// cancelInstance plans cancelling a standing complex order by its id.
// declared, when the block is still declared, tells which of the
// components' values are sensitive.
func (od *orderDiff) cancelInstance(address, kind string, in *instance, reason string, declared *complexOp) {
	byName, names := od.names(in, nil)
	op := &complexOp{Account: in.orders[0].AccountNumber, LiveID: in.id, Live: in.orders}
	standing := map[string]provider.Order{}
	for _, name := range names {
		if o := byName[name]; o.Status.Working() {
			standing[name] = o
			op.Names = append(op.Names, name)
			op.Tags = append(op.Tags, o.ExternalIdentifier)
			if declared != nil {
				op.Sensitive = append(op.Sensitive, declared.sensitiveFor(name))
			}
		}
	}
	if !slices.ContainsFunc(op.Sensitive, func(n []string) bool { return len(n) > 0 }) {
		op.Sensitive = nil
	}
	od.p.Changes = append(od.p.Changes, &Change{
		Address: address, Kind: kind, Label: label(address), Action: Delete,
		Reason:  reason + "; " + componentStates(names, byName),
		Before:  hidden(complexObject(op, op.Account, in.id, standing), op),
		complex: op,
	})
}

// hideComplex hides the sensitive values of the components shown in
// before and after, pairing each component with its namesake so that a
// hidden value that changes still shows as changed.
func hideComplex(before, after *Object, op *complexOp) {
	blocks := func(o *Object) map[string]*Object {
		out := map[string]*Object{}
		if o == nil {
			return out
		}
		if t := o.Get("trigger"); t != nil && len(t.Blocks) > 0 {
			out["trigger"] = t.Blocks[0]
		}
		if b := o.Get("order"); b != nil {
			for _, comp := range b.Blocks {
				if n := comp.Get("name"); n != nil {
					name, _ := strconv.Unquote(n.Value)
					out[name] = comp
				}
			}
		}
		return out
	}
	old, cur := blocks(before), blocks(after)
	for i, name := range op.Names {
		names := sensitiveAt(op, i)
		if len(names) == 0 {
			continue
		}
		b, a := old[name], cur[name]
		if b == nil && a == nil {
			continue
		}
		hideSensitive(b, a, names)
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

// complexObject shows a complex order: its id and account, then the
// trigger block and one order block per other component. With live set
// the components are shown as they stand; otherwise as op declares them.
// id <= 0 means the id is known only after apply.
func complexObject(op *complexOp, account string, id int64, live map[string]provider.Order) *Object {
	o := &Object{}
	o.addID(id)
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

// hidden is o with the sensitive values of op's components hidden.
func hidden(o *Object, op *complexOp) *Object {
	hideComplex(o, nil, op)
	return o
}

// sensitiveFor is what is sensitive in the component called name. A name
// the block no longer declares (renamed, or removed) gets every argument
// that is sensitive in any of its components: its old values came from
// the same variables, most likely.
func (op *complexOp) sensitiveFor(name string) []string {
	if i := slices.Index(op.Names, name); i >= 0 {
		return sensitiveAt(op, i)
	}
	var all []string
	for i := range op.Names {
		for _, n := range sensitiveAt(op, i) {
			if !slices.Contains(all, n) {
				all = append(all, n)
			}
		}
	}
	slices.Sort(all)
	return all
}
