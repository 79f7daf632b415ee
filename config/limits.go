package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
)

// hundred bounds max_cancel_percent.
var hundred = decimal.NewFromInt(100)

// loadLimits decodes the limits block, of which the configuration may
// hold one. Its arguments may refer to variables and locals.
func (l *loader) loadLimits(blocks []*hcl.Block) {
	if len(blocks) == 0 {
		return
	}
	for _, b := range blocks[1:] {
		l.diags = append(l.diags, errorAt(b.DefRange, "Duplicate limits block",
			"A limits block is already declared at %s. Keep one: the limits hold for the "+
				"whole configuration.", where(blocks[0].DefRange)))
	}

	b := blocks[0]
	content := l.content(b.Body, limitsSchema)
	r := &reader{scope: l.scope, attrs: content.Attributes, allowed: refVar | refLocal}
	lim := &Limits{DeclRange: b.DefRange}
	const hint = "leave it out for no limit"
	lim.MaxOrderValue, _ = r.amount("max_order_value", "max_order_value", hint)
	lim.MaxQuantity, _ = r.amount("max_quantity", "max_quantity", hint)
	lim.MaxActions, _ = r.wholeNumber("max_actions", 1)
	var percent field
	lim.MaxCancelPercent, percent = r.amount("max_cancel_percent", "max_cancel_percent", hint)
	if percent.state == present && lim.MaxCancelPercent.Decimal.GreaterThan(hundred) {
		r.diags = append(r.diags, errorAt(percent.rng, "Invalid max_cancel_percent",
			"The max_cancel_percent is a share of the orders ttplan manages, so it is at most "+
				"100; 100 lets a plan cancel them all."))
	}

	for _, name := range r.sensitiveNames("") {
		r.diags = append(r.diags, errorAt(content.Attributes[name].Expr.Range(), "Sensitive limit",
			"ttplan names the limit when a plan exceeds it, so %s cannot come from a "+
				"sensitive variable. Declare the variable without sensitive = true.", name))
	}
	l.diags = append(l.diags, r.diags...)
	l.cfg.Limits = lim
}
