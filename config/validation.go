package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
)

// validate runs every validation block of d against v and reports
// whether all passed.
func (l *loader) validate(d *varDecl, v cty.Value, vv *varValue) bool {
	ok := true
	for _, c := range d.validations {
		ok = l.checkValidation(d, c, v, vv) && ok
	}
	return ok
}

// checkValidation evaluates one condition in a context that holds only
// the variable itself, marked when sensitive so that no diagnostic shows
// it.
func (l *loader) checkValidation(d *varDecl, c validation, v cty.Value, vv *varValue) bool {
	if !l.refersOnlyTo(d.name, c.condition) || !l.refersOnlyTo(d.name, c.message) {
		return false
	}
	if d.sensitive {
		v = v.Mark(sensitiveMark)
	}
	ctx := &hcl.EvalContext{
		Variables: map[string]cty.Value{"var": cty.ObjectVal(map[string]cty.Value{d.name: v})},
		Functions: l.scope.funcs,
	}

	result, diags := c.condition.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() {
		return false
	}
	result, _ = result.UnmarkDeep()
	if !result.IsKnown() {
		return true
	}

	passed, err := convert.Convert(result, cty.Bool)
	if err != nil || passed.IsNull() {
		l.diags = append(l.diags, errorAt(c.condition.Range(), "Invalid variable validation result",
			"The condition must give true or false, not %s.", describe(result)))
		return false
	}
	if passed.True() {
		return true
	}

	rng := vv.rng
	if rng.Filename == "" || d.sensitive {
		// A sensitive value written in a file is not pointed at: the
		// snippet would show it.
		rng = c.condition.Range()
	}
	l.diags = append(l.diags, errorAt(rng, "Invalid value for variable",
		"%s\n\nThe value comes from %s and fails the validation rule at %s.",
		l.validationMessage(c, ctx), vv.source, where(c.condition.Range())))
	return false
}

// refersOnlyTo reports, as an error, an expression that refers to
// anything but var.name.
func (l *loader) refersOnlyTo(name string, expr hcl.Expression) bool {
	for _, t := range expr.Variables() {
		if got, ok := attrName(t); !ok || t.RootName() != "var" || got != name {
			l.diags = append(l.diags, errorAt(t.SourceRange(),
				"Invalid reference in variable validation",
				"A validation rule of variable %q may refer only to the variable itself, "+
					"as var.%s.", name, name))
			return false
		}
	}
	return true
}

// validationMessage evaluates the error message. A message built from a
// sensitive value is not shown.
func (l *loader) validationMessage(c validation, ctx *hcl.EvalContext) string {
	msg, diags := c.message.Value(ctx)
	l.diags = append(l.diags, diags...)
	if diags.HasErrors() || !msg.IsWhollyKnown() {
		return "The value is not valid."
	}
	if msg.IsMarked() {
		return "The value is not valid. " +
			"(The error message is hidden because it uses a sensitive value.)"
	}

	s, err := convert.Convert(msg, cty.String)
	if err != nil || s.IsNull() {
		l.diags = append(l.diags, errorAt(c.message.Range(), "Invalid validation error message",
			"The error_message must be a string."))
		return "The value is not valid."
	}
	return s.AsString()
}
