package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// The schemas below say which blocks and arguments each body may hold.
// hcl reports anything else as unsupported, with a suggestion when the
// name is close to a known one. Every argument is optional to hcl: the
// loader checks required ones itself, so that it can treat null as
// absent and name the block in the message.

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "provider", LabelNames: []string{"name"}},
		{Type: "account", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "watchlist", LabelNames: []string{"name"}},
		{Type: "order", LabelNames: []string{"name"}},
		{Type: "oco", LabelNames: []string{"name"}},
		{Type: "oto", LabelNames: []string{"name"}},
		{Type: "otoco", LabelNames: []string{"name"}},
		{Type: "limits"},
	},
}

var providerSchema = attributes("environment", "endpoint", "workspace")

var accountSchema = attributes("number")

var variableSchema = &hcl.BodySchema{
	Attributes: attributes("type", "default", "description", "sensitive").Attributes,
	Blocks:     []hcl.BlockHeaderSchema{{Type: "validation"}},
}

var validationSchema = attributes("condition", "error_message")

var watchlistSchema = &hcl.BodySchema{
	Attributes: attributes("for_each", "name", "group", "symbols").Attributes,
	Blocks:     []hcl.BlockHeaderSchema{{Type: "entry"}, {Type: "lifecycle"}},
}

var entrySchema = attributes("symbol", "instrument_type")

// specArguments are the arguments of every block that describes one
// order: an order block, and the trigger and order blocks of a complex
// order.
var specArguments = []string{
	"type", "time_in_force", "price", "price_effect", "stop_trigger", "gtc_date",
	"value", "value_effect",
}

var orderSchema = &hcl.BodySchema{
	Attributes: append(attributes("for_each", "account", "rearm").Attributes,
		attributes(specArguments...).Attributes...),
	Blocks: []hcl.BlockHeaderSchema{{Type: "leg"}, {Type: "lifecycle"}},
}

// complexSchema is the schema of oco, oto and otoco blocks. Each may
// hold a trigger block: the loader refuses one in an oco, and counts
// them, with a message that says why.
var complexSchema = &hcl.BodySchema{
	Attributes: attributes("for_each", "account", "rearm").Attributes,
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "trigger"},
		{Type: "order", LabelNames: []string{"name"}},
		{Type: "lifecycle"},
	},
}

// componentSchema is the schema of the trigger and order blocks of a
// complex order: an order block without what the complex order sets
// for all of them.
var componentSchema = &hcl.BodySchema{
	Attributes: attributes(specArguments...).Attributes,
	Blocks:     []hcl.BlockHeaderSchema{{Type: "leg"}},
}

var legSchema = attributes("symbol", "instrument_type", "action", "quantity")

var lifecycleSchema = attributes("prevent_destroy")

var limitsSchema = attributes(
	"max_order_value", "max_quantity", "max_actions", "max_cancel_percent",
)

// attributes is a schema of optional arguments and no blocks.
func attributes(names ...string) *hcl.BodySchema {
	s := &hcl.BodySchema{}
	for _, n := range names {
		s.Attributes = append(s.Attributes, hcl.AttributeSchema{Name: n})
	}
	return s
}

// content decodes body against schema, keeping the diagnostics. It never
// returns nil, so callers can read a body that failed in part.
func (l *loader) content(body hcl.Body, schema *hcl.BodySchema) *hcl.BodyContent {
	c, diags := body.Content(schema)
	l.diags = append(l.diags, diags...)
	if c == nil {
		c = &hcl.BodyContent{Attributes: hcl.Attributes{}}
	}
	return c
}

// require reports each of names that content lacks, at the block's
// header, and reports whether all were there.
func (l *loader) require(b *hcl.Block, content *hcl.BodyContent, names ...string) bool {
	ok := true
	for _, n := range names {
		if _, found := content.Attributes[n]; !found {
			l.diags = append(l.diags, missingArgument(b, n))
			ok = false
		}
	}
	return ok
}

// missingArgument reports that block b needs the argument name.
func missingArgument(b *hcl.Block, name string) *hcl.Diagnostic {
	return errorAt(b.DefRange, "Missing required argument",
		"The %s block needs the argument %q.", b.Type, name)
}

// uniqueBlocks drops every block whose label repeats an earlier one's,
// reporting it, and reports labels that cannot appear in an address.
func (l *loader) uniqueBlocks(blocks []*hcl.Block) []*hcl.Block {
	seen := map[string]*hcl.Block{}
	var out []*hcl.Block
	for _, b := range blocks {
		label := b.Labels[0]
		if first, dup := seen[label]; dup {
			l.diags = append(l.diags, errorAt(b.DefRange, "Duplicate "+b.Type+" block",
				"%s %q is already declared at %s. Give each block its own name.",
				b.Type, label, where(first.DefRange)))
			continue
		}
		seen[label] = b
		if !hclsyntax.ValidIdentifier(label) {
			l.diags = append(l.diags, invalidBlockName(b))
			continue
		}
		out = append(out, b)
	}
	return out
}

// invalidBlockName reports that the label of b cannot appear in an
// address.
func invalidBlockName(b *hcl.Block) *hcl.Diagnostic {
	return errorAt(b.LabelRanges[0], "Invalid block name",
		"A name must start with a letter or underscore and hold only letters, "+
			"digits, underscores and dashes.")
}
