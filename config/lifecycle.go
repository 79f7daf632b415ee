package config

import (
	"github.com/hashicorp/hcl/v2"
)

// lifecycle reads the lifecycle block among the blocks of content, the
// body of a watchlist, order or complex order block. It is read once
// for the whole block: prevent_destroy may refer to variables and
// locals, but not to each, since it holds for every instance alike. ok
// is false when the block is unusable; an error then says why.
func (l *loader) lifecycle(content *hcl.BodyContent) (lc Lifecycle, ok bool) {
	var first *hcl.Block
	ok = true
	for _, b := range content.Blocks {
		if b.Type != "lifecycle" {
			continue
		}
		if first != nil {
			l.diags = append(l.diags, errorAt(b.DefRange, "Duplicate lifecycle block",
				"A lifecycle block is already declared at %s. Keep one.", where(first.DefRange)))
			ok = false
			continue
		}
		first = b

		c := l.content(b.Body, lifecycleSchema)
		var found bool
		lc.PreventDestroy, found = l.preventDestroy(c.Attributes["prevent_destroy"])
		ok = ok && found
	}
	return lc, ok
}

// preventDestroy evaluates the prevent_destroy argument, which may be
// nil. A sensitive value is fine: plans do not show the argument.
func (l *loader) preventDestroy(attr *hcl.Attribute) (bool, bool) {
	if attr == nil {
		return false, true
	}
	for _, t := range attr.Expr.Variables() {
		if t.RootName() == "each" {
			l.diags = append(l.diags, errorAt(t.SourceRange(), "Invalid reference",
				"prevent_destroy holds for every instance of the block alike, so it cannot "+
					"use each. It may use var and local."))
			return false, false
		}
	}

	r := &reader{scope: l.scope, attrs: hcl.Attributes{attr.Name: attr}, allowed: refVar | refLocal}
	b, v := r.boolean(attr.Name)
	l.diags = append(l.diags, r.diags...)
	return b, v.state != broken
}
