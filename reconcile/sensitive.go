package reconcile

import (
	"errors"
	"net/url"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// SensitiveText is what plans and messages show instead of a value that
// came from a sensitive variable.
const SensitiveText = "(sensitive value)"

// hideSensitive replaces the attributes names lists, in before and after,
// with a mark that shows no value. A name is an attribute ("price") or
// an attribute of every nested block ("leg.quantity"). An attribute of
// after that differs from before says so, so that the plan still shows
// that it changes.
func hideSensitive(before, after *Object, names []string) {
	for _, name := range names {
		top, sub, nested := strings.Cut(name, ".")
		if !nested {
			hideAttr(before.Get(top), after.Get(top))
			continue
		}
		var old, cur []*Object
		if a := before.Get(top); a != nil {
			old = a.Blocks
		}
		if a := after.Get(top); a != nil {
			cur = a.Blocks
		}
		for i := 0; i < len(old) || i < len(cur); i++ {
			var x, y *Attr
			if i < len(old) {
				x = old[i].Get(sub)
			}
			if i < len(cur) {
				y = cur[i].Get(sub)
			}
			hideAttr(x, y)
		}
	}
}

func hideAttr(before, after *Attr) {
	changed := before != nil && after != nil && !sameObject(&Object{Attrs: []Attr{*before}}, &Object{Attrs: []Attr{*after}})
	for _, a := range []*Attr{before, after} {
		if a == nil || a.Sensitive {
			continue
		}
		if a.Kind != Computed {
			a.Kind = Scalar
		}
		a.Value, a.List, a.Blocks, a.Sensitive = "", nil, nil, true
	}
	if after != nil && changed {
		after.Changed = true
	}
}

// hasChanged reports whether a hidden attribute of o, nested ones
// included, differs from what it replaces.
func hasChanged(o *Object) bool {
	if o == nil {
		return false
	}
	for _, a := range o.Attrs {
		if a.Changed || slices.ContainsFunc(a.Blocks, hasChanged) {
			return true
		}
	}
	return false
}

// sensitiveValues lists the amounts and dates among the sensitive
// arguments of spec, as messages would spell them, to scrub them from
// text that came from the broker or from fills.
func sensitiveValues(spec provider.OrderSpec, names []string) []string {
	var out []string
	add := func(s string) {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	// An amount as ttplan, a person and the API spell it.
	addAmount := func(d decimal.NullDecimal) {
		if d.Valid {
			add(d.Decimal.String())
			add(d.Decimal.StringFixed(2))
			add(d.Decimal.StringFixed(4))
		}
	}
	for _, name := range names {
		switch name {
		case "price":
			addAmount(spec.Price)
		case "stop_trigger":
			addAmount(spec.StopTrigger)
		case "value":
			addAmount(spec.Value)
		case "gtc_date":
			add(dateOnly(spec.GTCDate))
			add(spec.GTCDate)
		case "leg.quantity":
			for _, l := range spec.Legs {
				addAmount(l.Quantity)
			}
		case "leg.symbol":
			for _, l := range spec.Legs {
				add(l.Symbol)
				add(strings.Join(strings.Fields(l.Symbol), " "))
				add(url.PathEscape(l.Symbol))
				if l.InstrumentType == provider.EquityOption {
					add(optionRoot(l.Symbol))
				}
			}
		case "leg.action":
			for _, l := range spec.Legs {
				add(string(l.Action))
				add(provider.HCLSpelling(l.Action))
			}
		case "type":
			add(string(spec.OrderType))
			add(provider.HCLSpelling(spec.OrderType))
		case "time_in_force":
			add(string(spec.TimeInForce))
			add(provider.HCLSpelling(spec.TimeInForce))
		}
	}
	// Longer first, so "95.50" goes before "95.5" can cut it short.
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// scrub replaces every whole occurrence of values in s: one that is not
// part of a longer number, word, date or time. Empty values are skipped.
func scrub(s string, values []string) string {
	for _, v := range values {
		if v == "" {
			continue
		}
		var b strings.Builder
		rest := s
		for {
			i := strings.Index(rest, v)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			end := i + len(v)
			if wholeAt(rest, i, end) {
				b.WriteString(rest[:i])
				b.WriteString(SensitiveText)
			} else {
				b.WriteString(rest[:end])
			}
			rest = rest[end:]
		}
		s = b.String()
	}
	return s
}

// wholeAt reports whether s[i:end] stands alone: not joined to a letter
// or digit, nor by a separator to the rest of a number, date or time (a
// sentence's full stop after it is fine).
func wholeAt(s string, i, end int) bool {
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	word := func(c byte) bool {
		return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
	}
	// Separators join only numbers: "2026-12-03", "10:12", "12/03",
	// "95.50"; "AAPL: held" and "/AAPL" stand alone.
	sep := func(c byte) bool { return c == '-' || c == ':' || c == '/' || c == '.' }
	if i > 0 {
		c := s[i-1]
		if word(c) || sep(c) && i > 1 && isDigit(s[i-2]) && isDigit(s[i]) || c == '.' {
			return false
		}
	}
	if end < len(s) {
		c := s[end]
		if word(c) || sep(c) && end+1 < len(s) && isDigit(s[end+1]) && isDigit(s[end-1]) {
			return false
		}
	}
	return true
}

// scrubbedError is an error whose text had sensitive values removed. It
// still unwraps to the original, so callers can tell what kind it is.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string { return e.msg }
func (e *scrubbedError) Unwrap() error { return e.err }

func scrubError(err error, values []string) error {
	if err == nil || len(values) == 0 {
		return err
	}
	msg := scrub(err.Error(), values)
	if msg == err.Error() {
		return err
	}
	var se *scrubbedError
	if errors.As(err, &se) && se.msg == msg {
		return err
	}
	return &scrubbedError{msg: msg, err: err}
}

// hidePlanSensitive hides, in every change and note of p, the values
// that came from sensitive variables, and tells each action which of
// its arguments those are.
func hidePlanSensitive(p *Plan, cfg *config.Config) {
	names := map[string][]string{}
	values := map[string][]string{}
	for _, o := range cfg.Orders {
		if len(o.Sensitive) > 0 {
			names[o.Address] = o.Sensitive
			values[o.Address] = sensitiveValues(o.Spec, o.Sensitive)
		}
	}
	for _, w := range cfg.Watchlists {
		if len(w.Sensitive) > 0 {
			names[w.Address] = w.Sensitive
			values[w.Address] = watchlistValues(w)
		}
	}
	for _, co := range cfg.ComplexOrders {
		for _, comp := range components(co) {
			values[co.Address] = append(values[co.Address], sensitiveValues(comp.Spec, comp.Sensitive)...)
		}
		slices.SortFunc(values[co.Address], func(a, b string) int { return len(b) - len(a) })
	}

	for _, c := range p.Changes {
		if c.complex != nil {
			// Its objects were built hidden.
			c.Reason = scrub(c.Reason, values[c.Address])
			continue
		}
		n := names[c.Address]
		if len(n) == 0 {
			continue
		}
		hideSensitive(c.Before, c.After, n)
		c.Reason = scrub(c.Reason, values[c.Address])
		if c.order != nil {
			c.order.Sensitive = n
		}
		if c.watchlist != nil {
			c.watchlist.Sensitive = n
		}
	}
	for _, notes := range [][]Note{p.Drift, p.Warnings, p.Errors} {
		for i := range notes {
			notes[i].Message = scrub(notes[i].Message, values[notes[i].Address])
		}
	}
}

func watchlistValues(w *config.Watchlist) []string {
	var out []string
	if slices.Contains(w.Sensitive, "group") && w.Group != "" {
		out = append(out, w.Group)
	}
	if slices.Contains(w.Sensitive, "symbols") {
		for _, e := range w.Entries {
			out = append(out, e.Symbol)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// withoutSensitive returns spec with the arguments names lists emptied.
func withoutSensitive(spec provider.OrderSpec, names []string) provider.OrderSpec {
	var blank provider.OrderSpec
	blank.Legs = make([]provider.Leg, len(spec.Legs))
	copySensitive(&spec, blank, names)
	return spec
}

// copySensitive sets the arguments names lists in dst from src. The legs
// of both must pair up.
func copySensitive(dst *provider.OrderSpec, src provider.OrderSpec, names []string) {
	dst.Legs = slices.Clone(dst.Legs)
	for _, name := range names {
		switch name {
		case "type":
			dst.OrderType = src.OrderType
		case "time_in_force":
			dst.TimeInForce = src.TimeInForce
		case "gtc_date":
			dst.GTCDate = src.GTCDate
		case "price":
			dst.Price = src.Price
		case "price_effect":
			dst.PriceEffect = src.PriceEffect
		case "stop_trigger":
			dst.StopTrigger = src.StopTrigger
		case "value":
			dst.Value = src.Value
		case "value_effect":
			dst.ValueEffect = src.ValueEffect
		}
		for i := range dst.Legs {
			if i >= len(src.Legs) {
				break
			}
			switch name {
			case "leg.symbol":
				dst.Legs[i].Symbol = src.Legs[i].Symbol
			case "leg.instrument_type":
				dst.Legs[i].InstrumentType = src.Legs[i].InstrumentType
			case "leg.action":
				dst.Legs[i].Action = src.Legs[i].Action
			case "leg.quantity":
				dst.Legs[i].Quantity = src.Legs[i].Quantity
			}
		}
	}
}

// withoutSensitiveWatchlist returns w with the arguments names lists
// emptied.
func withoutSensitiveWatchlist(w provider.Watchlist, names []string) provider.Watchlist {
	if slices.Contains(names, "group") {
		w.GroupName = ""
	}
	if slices.Contains(names, "symbols") {
		w.Entries = nil
	}
	return w
}

// hidesPrice reports whether names hide what an order's fills would
// tell: its price, stop trigger or notional value.
func hidesPrice(names []string) bool {
	return slices.Contains(names, "price") || slices.Contains(names, "stop_trigger") || slices.Contains(names, "value")
}

// changeSecrets lists the sensitive values a message about c could
// quote.
func changeSecrets(c *Change) []string {
	switch {
	case c.order != nil:
		out := sensitiveValues(c.order.Spec, c.order.Sensitive)
		if c.order.Live != nil {
			// What is cancelled came from the same variables.
			out = append(out, sensitiveValues(c.order.Live.OrderSpec, c.order.Sensitive)...)
		}
		slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
		return out
	case c.watchlist != nil:
		return watchlistValues(&config.Watchlist{Group: c.watchlist.Desired.GroupName,
			Entries: c.watchlist.Desired.Entries, Sensitive: c.watchlist.Sensitive})
	case c.complex != nil:
		return complexSecrets(c.complex)
	}
	return nil
}

// complexSecrets lists the sensitive values of every component of op.
func complexSecrets(op *complexOp) []string {
	var out []string
	for i := range op.Names {
		names := sensitiveAt(op, i)
		if len(names) == 0 {
			continue
		}
		if op.Spec != nil {
			out = append(out, sensitiveValues(op.specOf(i), names)...)
		}
	}
	for _, u := range op.Updates {
		out = append(out, sensitiveValues(u.Spec, u.Sensitive)...)
	}
	if op.Sensitive != nil {
		for _, o := range op.Live {
			out = append(out, sensitiveValues(o.OrderSpec, op.sensitiveFor(nameOfTag(op, o.ExternalIdentifier)))...)
		}
	}
	slices.SortFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// nameOfTag is the name of op's component with tag, or "" when op has
// none with it.
func nameOfTag(op *complexOp, tag string) string {
	if i := op.index(tag); i >= 0 {
		return op.Names[i]
	}
	return ""
}
