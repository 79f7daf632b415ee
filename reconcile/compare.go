package reconcile

import (
	"sort"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// Values are compared in their normalised forms: canonical symbols and
// enumerations, and decimals by value, so that "95.50" from the user and
// "95.5" from the API are the same price.

// sameLegs reports whether two orders trade the same legs, in any order.
func sameLegs(a, b []provider.Leg) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sortedLegs(a), sortedLegs(b)
	for i := range a {
		if !sameLeg(a[i], b[i]) {
			return false
		}
	}
	return true
}

// sameInstruments reports whether two orders trade the same symbols in
// the same directions, whatever the quantities.
func sameInstruments(a, b []provider.Leg) bool {
	if len(a) != len(b) {
		return false
	}
	a, b = sortedLegs(a), sortedLegs(b)
	for i := range a {
		if a[i].Symbol != b[i].Symbol || a[i].Action != b[i].Action {
			return false
		}
	}
	return true
}

func sameLeg(a, b provider.Leg) bool {
	return a.InstrumentType == b.InstrumentType &&
		provider.CanonicalSymbol(a.InstrumentType, a.Symbol) == provider.CanonicalSymbol(b.InstrumentType, b.Symbol) &&
		a.Action == b.Action &&
		sameDecimal(a.Quantity, b.Quantity)
}

func sortedLegs(legs []provider.Leg) []provider.Leg {
	out := append([]provider.Leg(nil), legs...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Symbol != out[j].Symbol {
			return out[i].Symbol < out[j].Symbol
		}
		return out[i].Action < out[j].Action
	})
	return out
}

// samePricing reports whether the attributes a cancel-replace can change
// are equal: the order type, the time in force and the prices. A price
// is compared together with its effect, so a debit and a credit of the
// same size differ.
func samePricing(a, b provider.OrderSpec) bool {
	return a.OrderType == b.OrderType &&
		a.TimeInForce == b.TimeInForce &&
		dateOnly(a.GTCDate) == dateOnly(b.GTCDate) &&
		sameAmount(a.Price, a.PriceEffect, b.Price, b.PriceEffect) &&
		sameDecimal(a.StopTrigger, b.StopTrigger) &&
		sameAmount(a.Value, a.ValueEffect, b.Value, b.ValueEffect)
}

func sameAmount(a decimal.NullDecimal, ae provider.Effect, b decimal.NullDecimal, be provider.Effect) bool {
	if !sameDecimal(a, b) {
		return false
	}
	return !a.Valid || ae == be
}

func sameDecimal(a, b decimal.NullDecimal) bool {
	if a.Valid != b.Valid {
		return false
	}
	return !a.Valid || a.Decimal.Equal(b.Decimal)
}

// dateOnly keeps the YYYY-MM-DD prefix of a date the API may send with a
// time or zone after it.
func dateOnly(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

// sameWatchlist reports whether live already is what desired asks for.
// An empty desired group leaves the live group alone.
func sameWatchlist(live, desired provider.Watchlist) bool {
	if desired.GroupName != "" && desired.GroupName != live.GroupName {
		return false
	}
	if len(live.Entries) != len(desired.Entries) {
		return false
	}
	for i := range live.Entries {
		if !sameEntry(live.Entries[i], desired.Entries[i]) {
			return false
		}
	}
	return true
}

// sameEntry compares watchlist entries. A live entry without an
// instrument type is read as the type its symbol's shape implies.
func sameEntry(live, desired provider.WatchlistEntry) bool {
	t := live.InstrumentType
	if t == "" {
		t, _ = provider.InferInstrumentType(live.Symbol)
	}
	return t == desired.InstrumentType &&
		provider.CanonicalSymbol(t, live.Symbol) == provider.CanonicalSymbol(desired.InstrumentType, desired.Symbol)
}

// watchlistDigest fingerprints a watchlist's group and entries, spelled
// canonically, so that the list ttplan wrote and the same list read back
// have the same digest.
func watchlistDigest(w provider.Watchlist) string {
	parts := []string{w.GroupName}
	for _, e := range w.Entries {
		t := e.InstrumentType
		if t == "" {
			t, _ = provider.InferInstrumentType(e.Symbol)
		}
		parts = append(parts, string(t)+"\x00"+provider.CanonicalSymbol(t, e.Symbol))
	}
	return hashJSON(parts)
}
