package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/ttplan/ttplan/provider"
)

// complexBlockTypes are the block types of complex orders, each with
// the kind it declares.
var complexBlockTypes = []struct {
	name string
	typ  provider.ComplexType
}{
	{"oco", provider.OCO},
	{"oto", provider.OTO},
	{"otoco", provider.OTOCO},
}

// orderCount is how many order blocks a kind of complex order holds, at
// least and at most, and the sentence that says so.
type orderCount struct {
	least, most int
	rule        string
}

var orderCounts = map[provider.ComplexType]orderCount{
	provider.OCO: {2, 2, "An oco block holds exactly two order blocks: " +
		"the first to fill cancels the other."},
	provider.OTO: {1, 3, "An oto block holds one to three order blocks, " +
		"placed when the trigger fills."},
	provider.OTOCO: {2, 2, "An otoco block holds exactly two order blocks, " +
		"placed when the trigger fills: the first of them to fill cancels the other."},
}

// complexBlock is an oco, oto or otoco block decoded once, before its
// instances are evaluated.
type complexBlock struct {
	block   *hcl.Block
	typ     provider.ComplexType
	content *hcl.BodyContent

	// trigger is nil for an oco, and when the trigger is missing.
	// orders are the order blocks whose names are usable, in the order
	// written.
	trigger *specBlock
	orders  []specBlock

	lifecycle Lifecycle

	// valid is false when the block's structure has errors: then no
	// instance of it is kept.
	valid bool
}

// loadComplexOrders decodes and checks every instance of every oco, oto
// and otoco block. Labels need be unique only among blocks of one type:
// order.x and otoco.x are different addresses.
func (l *loader) loadComplexOrders(blocks map[string][]*hcl.Block) {
	today := l.today()
	for _, kind := range complexBlockTypes {
		for _, b := range l.uniqueBlocks(blocks[kind.name]) {
			cb := l.complexBlock(b, kind.typ)
			for _, inst := range l.instances(b, cb.content.Attributes["for_each"]) {
				if c := l.decodeComplex(cb, inst, today); c != nil && cb.valid {
					l.cfg.ComplexOrders = append(l.cfg.ComplexOrders, c)
				}
			}
		}
	}
}

// complexBlock decodes the structure of b: its arguments, its trigger
// and order blocks and how many of each it holds.
func (l *loader) complexBlock(b *hcl.Block, typ provider.ComplexType) complexBlock {
	before := len(l.diags)
	cb := complexBlock{block: b, typ: typ, content: l.content(b.Body, complexSchema)}
	l.require(b, cb.content, "account")
	lc, lcOK := l.lifecycle(cb.content)
	cb.lifecycle = lc

	var triggers, orders []*hcl.Block
	for _, nb := range cb.content.Blocks {
		switch nb.Type {
		case "trigger":
			triggers = append(triggers, nb)
		case "order":
			orders = append(orders, nb)
		}
	}
	cb.trigger = l.triggerBlock(cb, triggers)
	l.countOrders(cb, orders)
	for _, ob := range l.componentNames(orders) {
		cb.orders = append(cb.orders, l.specBlock(ob, componentSchema, "type", "time_in_force"))
	}

	cb.valid = lcOK && !l.diags[before:].HasErrors()
	return cb
}

// triggerBlock checks that cb has one trigger block, or none for an
// oco, and returns it decoded, or nil.
func (l *loader) triggerBlock(cb complexBlock, triggers []*hcl.Block) *specBlock {
	kind := cb.block.Type
	switch {
	case cb.typ == provider.OCO:
		for _, t := range triggers {
			l.diags = append(l.diags, errorAt(t.DefRange, "Unexpected trigger block",
				"An oco block has no trigger: its two orders stand at once, and the first "+
					"to fill cancels the other. For orders that wait for an entry to fill, "+
					"use otoco."))
		}
		return nil
	case len(triggers) == 0:
		l.diags = append(l.diags, errorAt(cb.block.DefRange, "Missing trigger block",
			"An %s block needs a trigger block: the order whose fill places the others.", kind))
		return nil
	}

	for _, t := range triggers[1:] {
		l.diags = append(l.diags, errorAt(t.DefRange, "Duplicate trigger block",
			"A trigger block is already declared at %s. An %s block has one trigger.",
			where(triggers[0].DefRange), kind))
	}
	sb := l.specBlock(triggers[0], componentSchema, "type", "time_in_force")
	return &sb
}

// countOrders checks how many order blocks cb holds.
func (l *loader) countOrders(cb complexBlock, orders []*hcl.Block) {
	n := orderCounts[cb.typ]
	switch {
	case len(orders) < n.least:
		l.diags = append(l.diags, errorAt(cb.block.DefRange, "Missing order block",
			"%s This one has %d.", n.rule, len(orders)))
	case len(orders) > n.most:
		l.diags = append(l.diags, errorAt(orders[n.most].DefRange, "Too many order blocks",
			"%s", n.rule))
	}
}

// componentNames drops, reporting it, every order block whose label
// cannot name it: "trigger", which names the trigger block, a label
// that is not an identifier, and a label already taken in this block.
func (l *loader) componentNames(blocks []*hcl.Block) []*hcl.Block {
	seen := map[string]*hcl.Block{}
	var out []*hcl.Block
	for _, b := range blocks {
		name := b.Labels[0]
		first, dup := seen[name]
		switch {
		case name == "trigger":
			l.diags = append(l.diags, errorAt(b.LabelRanges[0], "Reserved order name",
				`"trigger" names the trigger block of a complex order. Give this order `+
					"another name, such as \"take_profit\"."))
		case dup:
			l.diags = append(l.diags, errorAt(b.DefRange, "Duplicate order name",
				"An order %q is already declared at %s in this block. Give each order its "+
					"own name.", name, where(first.DefRange)))
		case !hclsyntax.ValidIdentifier(name):
			l.diags = append(l.diags, invalidBlockName(b))
		default:
			seen[name] = b
			out = append(out, b)
		}
	}
	return out
}

// decodeComplex evaluates and checks one instance of a complex order
// block. It returns nil when the instance is unusable; errors then say
// why.
func (l *loader) decodeComplex(cb complexBlock, inst instance, today string) *ComplexOrder {
	r := l.blockReader(cb.content.Attributes, inst)
	c := &ComplexOrder{
		Address:   inst.address,
		Type:      cb.typ,
		Account:   readAccount(r),
		Lifecycle: cb.lifecycle,
		DeclRange: cb.block.DefRange,
	}
	var rearm field
	c.Rearm, rearm = readRearm(r)
	diags := r.diags
	complete := c.Account != "" && rearm.state != broken

	var trigger *orderDraft
	if cb.trigger != nil {
		var more hcl.Diagnostics
		trigger, more = l.component(*cb.trigger, inst, today)
		diags = append(diags, more...)
		c.Trigger = newComponent("trigger", trigger)
		complete = complete && trigger.complete()
	}
	var orders []*orderDraft
	for _, sb := range cb.orders {
		d, more := l.component(sb, inst, today)
		diags = append(diags, more...)
		orders = append(orders, d)
		c.Orders = append(c.Orders, newComponent(sb.block.Labels[0], d))
		complete = complete && d.complete()
	}

	diags = append(diags, checkComplex(cb.typ, trigger, orders)...)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !complete {
		return nil
	}
	return c
}

// component evaluates one trigger or order block of an instance and
// checks it by the rules of a plain order.
func (l *loader) component(sb specBlock, inst instance, today string) (*orderDraft, hcl.Diagnostics) {
	r := l.blockReader(sb.content.Attributes, inst)
	d := l.decodeSpec(r, sb, inst)
	return d, append(r.diags, d.check(today)...)
}

// newComponent is the component called name that d, checked, declares.
func newComponent(name string, d *orderDraft) *Component {
	return &Component{Name: name, Spec: d.spec, Sensitive: d.sensitive, DeclRange: d.defRange}
}
