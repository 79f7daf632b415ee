package config

import (
	"maps"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"

	"github.com/ttplan/ttplan/provider"
)

// Hints that end the message for an amount that is not positive.
const (
	priceHint    = "prices are magnitudes; use price_effect for direction"
	triggerHint  = "stop triggers are prices, and prices are magnitudes"
	valueHint    = "values are magnitudes; use value_effect for direction"
	quantityHint = "quantities are magnitudes; the leg's action gives the direction"
)

// specBlock is a block that describes one order: an order block, or
// the trigger or an order block of a complex order. It is decoded once,
// before its instances are evaluated.
type specBlock struct {
	block   *hcl.Block
	content *hcl.BodyContent
	legs    []*hcl.Block
	legBody map[*hcl.Block]*hcl.BodyContent
}

// orderDraft is one instance of a specBlock as written, each argument
// with its range, for the rules in orderrules.go to check.
type orderDraft struct {
	address  string
	defRange hcl.Range
	spec     provider.OrderSpec
	legs     []legDraft

	typ, tif, price, trigger, value   field
	priceEffect, valueEffect, gtcDate field

	// sensitive names the arguments from sensitive variables.
	sensitive []string
}

// legDraft is one leg block of an order instance.
type legDraft struct {
	defRange hcl.Range
	symbol   field
	action   field
	quantity field
}

// loadOrders decodes and checks every instance of every order block.
func (l *loader) loadOrders(blocks []*hcl.Block) {
	today := l.today()
	for _, b := range l.uniqueBlocks(blocks) {
		sb := l.specBlock(b, orderSchema, "account", "type", "time_in_force")
		lc, lcOK := l.lifecycle(sb.content)
		for _, inst := range l.instances(b, sb.content.Attributes["for_each"]) {
			if o := l.decodeOrder(sb, inst, today); o != nil && lcOK {
				o.Lifecycle = lc
				l.cfg.Orders = append(l.cfg.Orders, o)
			}
		}
	}
}

// decodeOrder evaluates and checks one instance of an order block. It
// returns nil when the order is unusable; errors then say why.
func (l *loader) decodeOrder(sb specBlock, inst instance, today string) *Order {
	r := l.blockReader(sb.content.Attributes, inst)
	account := readAccount(r)
	rearm, rf := readRearm(r)
	d := l.decodeSpec(r, sb, inst)

	diags := append(r.diags, d.check(today)...)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || account == "" || rf.state == broken || !d.complete() {
		return nil
	}
	return &Order{
		Address:   d.address,
		Account:   account,
		Spec:      d.spec,
		Sensitive: d.sensitive,
		Rearm:     rearm,
		DeclRange: d.defRange,
	}
}

// specBlock decodes the structure of b against schema and checks that
// the arguments required are written.
func (l *loader) specBlock(b *hcl.Block, schema *hcl.BodySchema, required ...string) specBlock {
	sb := specBlock{
		block:   b,
		content: l.content(b.Body, schema),
		legBody: map[*hcl.Block]*hcl.BodyContent{},
	}
	l.require(b, sb.content, required...)
	for _, lb := range sb.content.Blocks {
		if lb.Type != "leg" {
			continue
		}
		c := l.content(lb.Body, legSchema)
		l.require(lb, c, "symbol", "action")
		sb.legs = append(sb.legs, lb)
		sb.legBody[lb] = c
	}
	return sb
}

// decodeSpec evaluates the order arguments and legs of one instance of
// sb. r reads sb's arguments; it may have read others of the same block
// before, such as account.
func (l *loader) decodeSpec(r *reader, sb specBlock, inst instance) *orderDraft {
	d := &orderDraft{address: inst.address, defRange: sb.block.DefRange}
	s := &d.spec

	s.OrderType, d.typ = enum(r, "type", "order type", provider.ParseOrderType, provider.OrderTypes)
	s.TimeInForce, d.tif = enum(r, "time_in_force", "time in force",
		provider.ParseTimeInForce, provider.TimesInForce)
	s.GTCDate, d.gtcDate = readDate(r, "gtc_date")

	s.Price, d.price = r.amount("price", "price", priceHint)
	s.PriceEffect, d.priceEffect = enum(r, "price_effect", "price effect",
		provider.ParseEffect, provider.Effects)
	s.StopTrigger, d.trigger = r.amount("stop_trigger", "stop trigger", triggerHint)
	s.Value, d.value = r.amount("value", "value", valueHint)
	s.ValueEffect, d.valueEffect = enum(r, "value_effect", "value effect",
		provider.ParseEffect, provider.Effects)

	legSensitive := map[string]bool{}
	for _, lb := range sb.legs {
		lr := l.blockReader(sb.legBody[lb].Attributes, inst)
		leg, ld := readLeg(lr, lb)
		s.Legs = append(s.Legs, leg)
		d.legs = append(d.legs, ld)
		r.diags = append(r.diags, lr.diags...)
		for _, name := range lr.sensitiveNames("leg.") {
			legSensitive[name] = true
		}
	}
	if legSensitive["leg.symbol"] {
		// The inferred type tells the symbol's shape.
		legSensitive["leg.instrument_type"] = true
	}
	d.sensitive = append(r.sensitiveNames(""), slices.Sorted(maps.Keys(legSensitive))...)
	slices.Sort(d.sensitive)
	return d
}

// readLeg evaluates one leg block.
func readLeg(r *reader, b *hcl.Block) (provider.Leg, legDraft) {
	in := readInstrument(r)
	action, af := enum(r, "action", "action", provider.ParseAction, provider.Actions)
	qty, qf := r.amount("quantity", "quantity", quantityHint)

	leg := provider.Leg{InstrumentType: in.typ, Symbol: in.symbol, Action: action, Quantity: qty}
	return leg, legDraft{defRange: b.DefRange, symbol: in.field, action: af, quantity: qf}
}

// readAccount evaluates the account argument: a reference to an account
// block, or an account number.
func readAccount(r *reader) string {
	v := r.get("account")
	if v.state != present {
		return ""
	}

	n := v.Value
	if t := n.Type(); t.IsObjectType() && t.HasAttribute("number") {
		n = n.GetAttr("number")
	}
	if n.Type() != cty.String || n.IsNull() {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid account",
			"The account must be a reference to an account block, such as account.main, "+
				"or an account number as a string."))
		return ""
	}

	number, ok := accountNumber(r, n.AsString(), v)
	if ok && v.sensitive {
		r.diags = append(r.diags, sensitiveAccount(v.rng))
		return ""
	}
	return number
}

// readRearm evaluates rearm, 0 when absent. Raising it places the order
// again, so plans show it with the order's address, and it cannot come
// from a sensitive variable.
func readRearm(r *reader) (int, field) {
	n, f := r.wholeNumber("rearm", 0)
	if f.state == present && f.sensitive {
		r.diags = append(r.diags, errorAt(f.rng, "Sensitive rearm",
			"ttplan shows rearm wherever it names the order, since raising it places the "+
				"order again, so it cannot come from a sensitive variable. Declare the "+
				"variable without sensitive = true."))
		f.state = broken
		return 0, f
	}
	return n, f
}

// complete reports whether every part the order needs was decoded. A
// part can be unusable without an error of its own when it refers to a
// value whose error is reported elsewhere.
func (d *orderDraft) complete() bool {
	fields := []field{
		d.typ, d.tif, d.price, d.trigger, d.value, d.priceEffect, d.valueEffect, d.gtcDate,
	}
	for _, ld := range d.legs {
		fields = append(fields, ld.symbol, ld.action, ld.quantity)
	}
	for _, f := range fields {
		if f.state == broken {
			return false
		}
	}
	return d.typ.state == present && d.tif.state == present && len(d.legs) > 0
}
