package config

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"

	"github.com/ttplan/ttplan/provider"
)

// watchlistBlock is a watchlist block decoded once, before its
// instances are evaluated.
type watchlistBlock struct {
	block   *hcl.Block
	content *hcl.BodyContent
	entries []*hcl.BodyContent

	// lifecycle is the lifecycle block; lifecycleOK is false when it is
	// unusable.
	lifecycle   Lifecycle
	lifecycleOK bool
}

// loadWatchlists decodes every instance of every watchlist block. Names
// identify watchlists at the broker, so no two may share one.
func (l *loader) loadWatchlists(blocks []*hcl.Block) {
	names := map[string]string{}
	for _, b := range l.uniqueBlocks(blocks) {
		wb := l.watchlistBlock(b)
		for _, inst := range l.instances(b, wb.content.Attributes["for_each"]) {
			w, name, valid := l.decodeWatchlist(wb, inst)
			if name.state == broken {
				continue
			}
			if first, dup := names[w.Name]; dup {
				l.diags = append(l.diags, errorAt(name.rng, "Duplicate watchlist name",
					"%s is also named %s. Watchlists are known by name at the broker, "+
						"so each needs its own.", first, shown(w.Name, name.sensitive)))
				continue
			}
			names[w.Name] = w.Address
			if valid {
				l.cfg.Watchlists = append(l.cfg.Watchlists, w)
			}
		}
	}
}

// watchlistBlock decodes the structure of b: its arguments and entry
// blocks, of which it needs symbols or entries but not both.
func (l *loader) watchlistBlock(b *hcl.Block) watchlistBlock {
	wb := watchlistBlock{block: b, content: l.content(b.Body, watchlistSchema)}
	wb.lifecycle, wb.lifecycleOK = l.lifecycle(wb.content)
	entries := 0
	for _, e := range wb.content.Blocks {
		if e.Type != "entry" {
			continue
		}
		entries++
		c := l.content(e.Body, entrySchema)
		if l.require(e, c, "symbol") {
			wb.entries = append(wb.entries, c)
		}
	}

	symbols, hasSymbols := wb.content.Attributes["symbols"]
	switch {
	case hasSymbols && entries > 0:
		l.diags = append(l.diags, errorAt(symbols.Range, "Conflicting watchlist entries",
			"Give the watchlist's symbols either as symbols or as entry blocks, not both."))
	case !hasSymbols && entries == 0:
		l.diags = append(l.diags, errorAt(b.DefRange, "Missing watchlist entries",
			`Give the watchlist's symbols as symbols = ["AAPL", ...] or as entry blocks; `+
				"symbols = [] makes an empty watchlist."))
	}
	return wb
}

// decodeWatchlist evaluates one instance. name tells where its name
// comes from and whether it is usable; valid reports that the whole
// watchlist is.
func (l *loader) decodeWatchlist(wb watchlistBlock, inst instance) (w *Watchlist, name field, valid bool) {
	r := l.blockReader(wb.content.Attributes, inst)
	w = &Watchlist{Address: inst.address, Lifecycle: wb.lifecycle, DeclRange: wb.block.DefRange}
	w.Name, name = readWatchlistName(r, wb, inst)
	w.Group, _ = r.str("group")

	ins := readSymbols(r)
	sensitiveEntries := r.sensitive["symbols"]
	for _, c := range wb.entries {
		er := l.blockReader(c.Attributes, inst)
		ins = append(ins, readInstrument(er))
		r.diags = append(r.diags, er.diags...)
		sensitiveEntries = sensitiveEntries || len(er.sensitive) > 0
	}
	w.Entries = uniqueEntries(r, ins)
	if r.sensitive["group"] {
		w.Sensitive = append(w.Sensitive, "group")
	}
	if sensitiveEntries {
		w.Sensitive = append(w.Sensitive, "symbols")
	}

	l.diags = append(l.diags, r.diags...)
	return w, name, name.state != broken && !r.diags.HasErrors() && wb.lifecycleOK
}

// readWatchlistName evaluates the name, which defaults to each.key under
// for_each and to the block's label otherwise, and checks that it can
// travel as a URL path segment.
func readWatchlistName(r *reader, wb watchlistBlock, inst instance) (string, field) {
	name, v := r.str("name")
	var what string
	switch {
	case v.state == absent && inst.each != cty.NilVal:
		name = inst.key
		v.field = field{state: present, rng: wb.content.Attributes["for_each"].Expr.Range()}
		what = fmt.Sprintf("The for_each key %q, which names this watchlist,", name)
	case v.state == absent:
		return wb.block.Labels[0], field{state: present, rng: wb.block.DefRange}
	case v.state != present:
		return name, v.field
	case v.sensitive:
		r.diags = append(r.diags, errorAt(v.rng, "Sensitive watchlist name",
			"A watchlist's name is its identity at the broker: ttplan shows it in every plan and keeps "+
				"it in the record, so it cannot come from a sensitive variable. Declare the variable "+
				"without sensitive = true."))
		v.state = broken
		return name, v.field
	case strings.TrimSpace(name) == "":
		what = "The name"
	default:
		what = fmt.Sprintf("The name %q", name)
	}

	if problem := badWatchlistName(name); problem != "" {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid watchlist name", "%s %s.", what, problem))
		v.state = broken
	}
	return name, v.field
}

// badWatchlistName says what is wrong with a watchlist name, or returns
// "". The name is a path segment of the API's URLs, so "." and "..",
// which HTTP stacks resolve as dot-segments, would reach another
// resource.
func badWatchlistName(name string) string {
	switch {
	case strings.TrimSpace(name) == "":
		return "is empty"
	case name == "." || name == "..":
		return `cannot be "." or "..": the API takes the name as part of a URL, ` +
			"where these mean the current and the parent path"
	case strings.IndexFunc(name, unicode.IsControl) >= 0:
		return "holds a control character, such as a newline or an escape; " +
			"use printable characters only"
	}
	return ""
}

// blockReader reads the arguments of one instance of a watchlist or
// order block, or of a block nested in one.
func (l *loader) blockReader(attrs hcl.Attributes, inst instance) *reader {
	r := &reader{scope: l.scope, attrs: attrs, allowed: refBlock, each: inst.each}
	if inst.each != cty.NilVal {
		r.allowed |= refEach
	}
	return r
}

// readSymbols evaluates the symbols argument, a list of symbols whose
// instrument types are inferred.
func readSymbols(r *reader) []instrument {
	v := r.get("symbols")
	if v.state != present {
		return nil
	}
	t := v.Type()
	if !t.IsListType() && !t.IsTupleType() && !t.IsSetType() {
		r.diags = append(r.diags, wrongType(v, "symbols", "a list of strings"))
		return nil
	}

	var out []instrument
	i := 0
	for it := v.ElementIterator(); it.Next(); i++ {
		_, e := it.Element()
		ev := value{field: field{state: present, rng: elementRange(r.attrs["symbols"], v, i)}}
		ev.attr, ev.sensitive = ev.rng, v.sensitive
		s, err := convert.Convert(e, cty.String)
		if err != nil || s.IsNull() {
			ev.Value = e
			r.diags = append(r.diags, wrongType(ev, "symbols", "a list of strings"))
			continue
		}
		out = append(out, resolveInstrument(r, s.AsString(), ev, "", field{}))
	}
	return out
}

// elementRange is the range of element i of a list written as a literal,
// or else of the whole value.
func elementRange(a *hcl.Attribute, v value, i int) hcl.Range {
	tuple, ok := a.Expr.(*hclsyntax.TupleConsExpr)
	if ok && v.Type().IsTupleType() && len(tuple.Exprs) == v.LengthInt() {
		return tuple.Exprs[i].Range()
	}
	return v.rng
}

// uniqueEntries keeps the resolved entries in order, refusing a symbol
// that appears twice with the same instrument type.
func uniqueEntries(r *reader, ins []instrument) []provider.WatchlistEntry {
	seen := map[provider.WatchlistEntry]hcl.Range{}
	var out []provider.WatchlistEntry
	for _, in := range ins {
		if in.typ == "" {
			continue
		}
		e := provider.WatchlistEntry{Symbol: in.symbol, InstrumentType: in.typ}
		if first, dup := seen[e]; dup {
			r.diags = append(r.diags, errorAt(in.field.rng, "Duplicate watchlist entry",
				"%s is already in this watchlist at line %d. Each symbol may appear once.",
				entryName(e, in.field.sensitive), first.Start.Line))
			continue
		}
		seen[e] = in.field.rng
		out = append(out, e)
	}
	return out
}

// entryName names an entry for a message, hiding a sensitive symbol.
func entryName(e provider.WatchlistEntry, sensitive bool) string {
	return fmt.Sprintf("%s (%s)", shown(e.Symbol, sensitive), provider.HCLSpelling(e.InstrumentType))
}
