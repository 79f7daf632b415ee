package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/ttplan/ttplan/provider"
)

// symbolExamples shows one symbol of each shape, for messages.
const symbolExamples = `"AAPL", "AAPL  230818C00197500", "/ESZ6", ` +
	`"./ESZ6 EW4Z6 261218C5000" or "BTC/USD"`

// instrument is a symbol and its instrument type, resolved.
type instrument struct {
	symbol string
	typ    provider.InstrumentType
	field  field // the symbol argument
}

// readInstrument evaluates a symbol and its optional instrument_type,
// inferring the type from the symbol's shape when it is left out, and
// returns the symbol as the API spells it. On failure typ is empty.
func readInstrument(r *reader) instrument {
	s, sv := r.str("symbol")
	typ, tf := enum(r, "instrument_type", "instrument type",
		provider.ParseInstrumentType, provider.InstrumentTypes)
	return resolveInstrument(r, s, sv, typ, tf)
}

// resolveInstrument checks symbol s, with the instrument type typ when
// tf is present.
func resolveInstrument(r *reader, s string, sv value, typ provider.InstrumentType, tf field) instrument {
	in := instrument{field: sv.field}
	if sv.state != present || tf.state == broken {
		return in
	}

	if tf.state == absent {
		var diag *hcl.Diagnostic
		typ, diag = inferType(s, sv)
		if diag != nil {
			r.diags = append(r.diags, diag)
			in.field.state = broken
			return in
		}
	}

	if !provider.ValidSymbol(typ, s) {
		r.diags = append(r.diags, errorAt(sv.rng, "Invalid symbol",
			"%s is not a valid %s symbol. Symbols look like %s.",
			shown(s, sv.sensitive), provider.HCLSpelling(typ), symbolExamples))
		in.field.state = broken
		return in
	}
	in.symbol, in.typ = provider.CanonicalSymbol(typ, s), typ
	return in
}

// inferType tells the instrument type from the symbol's shape.
func inferType(s string, v value) (provider.InstrumentType, *hcl.Diagnostic) {
	if strings.TrimSpace(s) == "" {
		return "", errorAt(v.rng, "Invalid symbol", "The symbol is empty.")
	}

	typ, ok := provider.InferInstrumentType(s)
	if ok {
		return typ, nil
	}
	if typ != "" {
		return "", errorAt(v.rng, "Invalid symbol",
			"%s looks like a %s symbol but is not one. Symbols look like %s.",
			shown(s, v.sensitive), provider.HCLSpelling(typ), symbolExamples)
	}
	return "", errorAt(v.rng, "Invalid symbol",
		"%s is not a symbol of any known shape. Symbols look like %s; "+
			"set instrument_type when ttplan cannot tell the type.",
		shown(s, v.sensitive), symbolExamples)
}
