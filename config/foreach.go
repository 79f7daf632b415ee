package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// instance is one copy of a watchlist or order block: the block itself,
// or one element of its for_each.
type instance struct {
	// address is KIND.LABEL, or KIND.LABEL["KEY"] under for_each.
	address string

	// key is each.key; each is the each object, cty.NilVal without
	// for_each.
	key  string
	each cty.Value
}

// instances expands block b by its for_each argument, which may be
// nil. A map gives one instance per key with its element as each.value;
// a set of strings gives one per element, each.key and each.value both
// the element.
func (l *loader) instances(b *hcl.Block, forEach *hcl.Attribute) []instance {
	base := b.Type + "." + b.Labels[0]
	if forEach == nil {
		return []instance{{address: base}}
	}

	v, diags := l.scope.eval(forEach.Expr, refBlock, cty.NilVal)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !v.IsKnown() {
		return nil
	}

	rng := forEach.Expr.Range()
	t := v.Type()
	switch {
	case v.IsNull():
		l.diags = append(l.diags, invalidForEach(rng, "null", ""))
	case v.IsMarked():
		l.diags = append(l.diags, invalidForEach(rng, "a sensitive value",
			" Its keys would show in addresses."))
	case t.IsMapType() || t.IsObjectType():
		return mapInstances(base, v)
	case t.IsSetType():
		return l.setInstances(base, v, rng)
	case t.IsListType() || t.IsTupleType():
		l.diags = append(l.diags, invalidForEach(rng, "a list",
			" Convert a list of strings with toset(...)."))
	default:
		l.diags = append(l.diags, invalidForEach(rng, describe(v), ""))
	}
	return nil
}

// invalidForEach reports a for_each value of the wrong kind, described
// by what, with an optional hint sentence.
func invalidForEach(rng hcl.Range, what, hint string) *hcl.Diagnostic {
	return errorAt(rng, "Invalid for_each argument",
		"for_each needs a map, or a set of strings, not %s.%s", what, hint)
}

// mapInstances gives one instance per key of a map or object.
func mapInstances(base string, v cty.Value) []instance {
	var out []instance
	for it := v.ElementIterator(); it.Next(); {
		k, elem := it.Element()
		out = append(out, newInstance(base, k.AsString(), elem))
	}
	return out
}

// setInstances gives one instance per element of a set of strings.
func (l *loader) setInstances(base string, v cty.Value, rng hcl.Range) []instance {
	if !v.IsWhollyKnown() {
		return nil
	}
	if v.ContainsMarked() {
		l.diags = append(l.diags, invalidForEach(rng, "a set of sensitive values",
			" They would show in addresses."))
		return nil
	}
	strs, err := convert.Convert(v, cty.Set(cty.String))
	if err != nil {
		l.diags = append(l.diags, invalidForEach(rng, "a set of values that are not strings", ""))
		return nil
	}

	var out []instance
	for it := strs.ElementIterator(); it.Next(); {
		_, elem := it.Element()
		if elem.IsNull() {
			l.diags = append(l.diags, invalidForEach(rng, "a set holding null", ""))
			return nil
		}
		out = append(out, newInstance(base, elem.AsString(), elem))
	}
	return out
}

func newInstance(base, key string, elem cty.Value) instance {
	return instance{
		address: base + "[" + quoteKey(key) + "]",
		key:     key,
		each: cty.ObjectVal(map[string]cty.Value{
			"key":   cty.StringVal(key),
			"value": elem,
		}),
	}
}

// quoteKey quotes an instance key as HCL would write it.
func quoteKey(key string) string {
	return string(hclwrite.TokensForValue(cty.StringVal(key)).Bytes())
}
