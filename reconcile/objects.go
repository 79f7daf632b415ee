package reconcile

import (
	"slices"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// orderObject is how an order is shown in a plan: HCL attribute names and
// spellings, so that the plan reads like the configuration. id <= 0 means
// the id is known only after apply.
func orderObject(account string, id int64, s provider.OrderSpec) *Object {
	o := &Object{}
	o.addID(id)
	o.add("account", quote(account))
	o.add("type", quote(provider.HCLSpelling(s.OrderType)))
	o.add("time_in_force", quote(provider.HCLSpelling(s.TimeInForce)))
	o.addIf(s.GTCDate != "", "gtc_date", quote(dateOnly(s.GTCDate)))
	o.addDecimal("price", s.Price)
	if s.Price.Valid {
		o.add("price_effect", quote(provider.HCLSpelling(s.PriceEffect)))
	}
	o.addDecimal("stop_trigger", s.StopTrigger)
	o.addDecimal("value", s.Value)
	if s.Value.Valid {
		o.add("value_effect", quote(provider.HCLSpelling(s.ValueEffect)))
	}

	legs := Attr{Name: "leg", Kind: Blocks}
	for _, l := range s.Legs {
		leg := &Object{}
		leg.add("symbol", quote(provider.CanonicalSymbol(l.InstrumentType, l.Symbol)))
		leg.add("instrument_type", quote(provider.HCLSpelling(l.InstrumentType)))
		leg.add("action", quote(provider.HCLSpelling(l.Action)))
		leg.addDecimal("quantity", l.Quantity)
		legs.Blocks = append(legs.Blocks, leg)
	}
	o.Attrs = append(o.Attrs, legs)
	return o
}

// watchlistObject is how a watchlist is shown in a plan. Entries whose
// instrument type is what the symbol's shape implies are shown as the
// bare symbol, as the user most likely wrote them.
func watchlistObject(w provider.Watchlist, showGroup bool) *Object {
	o := &Object{}
	o.add("name", quote(w.Name))
	o.addIf(showGroup && w.GroupName != "", "group", quote(w.GroupName))

	symbols := Attr{Name: "symbols", Kind: List}
	for _, e := range w.Entries {
		symbols.List = append(symbols.List, entryLiteral(e))
	}
	o.Attrs = append(o.Attrs, symbols)
	return o
}

func entryLiteral(e provider.WatchlistEntry) string {
	inferred, _ := provider.InferInstrumentType(e.Symbol)
	t := e.InstrumentType
	if t == "" {
		t = inferred
	}
	sym := quote(provider.CanonicalSymbol(t, e.Symbol))
	if t == inferred {
		return sym
	}
	return "{ symbol = " + sym + ", instrument_type = " + quote(provider.HCLSpelling(t)) + " }"
}

func (o *Object) add(name, value string) {
	o.Attrs = append(o.Attrs, Attr{Name: name, Kind: Scalar, Value: value})
}

func (o *Object) addIf(ok bool, name, value string) {
	if ok {
		o.add(name, value)
	}
}

func (o *Object) addDecimal(name string, d decimal.NullDecimal) {
	if d.Valid {
		o.add(name, d.Decimal.String())
	}
}

// quote writes s as an HCL string literal.
func quote(s string) string {
	return strconv.Quote(s)
}

// addRearm shows an order's rearm counter, when raised, before its legs.
func addRearm(o *Object, rearm int) {
	if o == nil || rearm == 0 {
		return
	}
	a := Attr{Name: "rearm", Kind: Scalar, Value: strconv.Itoa(rearm)}
	for i, x := range o.Attrs {
		if x.Kind == Blocks {
			o.Attrs = slices.Insert(o.Attrs, i, a)
			return
		}
	}
	o.Attrs = append(o.Attrs, a)
}

// addID shows an id, or that it is known only after apply when id <= 0.
func (o *Object) addID(id int64) {
	if id > 0 {
		o.add("id", strconv.FormatInt(id, 10))
		return
	}
	o.Attrs = append(o.Attrs, Attr{Name: "id", Kind: Computed})
}
