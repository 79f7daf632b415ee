package provider

import (
	"fmt"
	"regexp"
	"strings"
)

var (
	// occSymbol is an OCC equity option symbol with its root padding
	// squeezed out: root, YYMMDD, C or P, strike times 1000 in 8 digits.
	occSymbol = regexp.MustCompile(`^([A-Z][A-Z0-9.]{0,5}) *([0-9]{6})([CP])([0-9]{8})$`)

	futureSymbol   = regexp.MustCompile(`^/[A-Z0-9]{1,5}[FGHJKMNQUVXZ][0-9]{1,2}$`)
	cryptoSymbol   = regexp.MustCompile(`^[A-Z0-9]{2,10}/USD$`)
	equitySymbol   = regexp.MustCompile(`^[A-Z][A-Z0-9.]{0,9}(/[A-Z]{1,2})?$`)
	futureOptShape = regexp.MustCompile(`^\./[A-Z0-9]{1,5}[FGHJKMNQUVXZ][0-9]{1,2} ?[A-Z0-9]+ [0-9]{6}[CP][0-9]+(\.[0-9]+)?$`)
)

// InferInstrumentType tells the instrument type from a symbol's shape: an
// OCC option, a "/" future, a "./" future option, a "XXX/USD" crypto pair,
// or else an equity. It reports false for a symbol of no known shape.
func InferInstrumentType(symbol string) (InstrumentType, bool) {
	s := strings.ToUpper(strings.TrimSpace(symbol))
	switch {
	case strings.HasPrefix(s, "./"):
		return FutureOption, futureOptShape.MatchString(strings.TrimSpace(symbol))
	case strings.HasPrefix(s, "/"):
		return Future, futureSymbol.MatchString(s)
	case occSymbol.MatchString(s):
		return EquityOption, true
	case cryptoSymbol.MatchString(s):
		return Cryptocurrency, true
	case equitySymbol.MatchString(s):
		return Equity, true
	}
	return "", false
}

// CanonicalSymbol returns the symbol as the API spells it, so that two
// spellings of one instrument compare equal: upper case, and OCC option
// roots padded to six characters. Future option symbols are opaque: their
// internal spaces are part of their identity and only the outer white
// space is trimmed.
func CanonicalSymbol(t InstrumentType, symbol string) string {
	s := strings.TrimSpace(symbol)
	if t == FutureOption {
		return s
	}

	s = strings.ToUpper(s)
	if t == EquityOption {
		if m := occSymbol.FindStringSubmatch(s); m != nil {
			return fmt.Sprintf("%-6s%s%s%s", m[1], m[2], m[3], m[4])
		}
	}
	return s
}

// ValidSymbol reports whether symbol is well formed for t.
func ValidSymbol(t InstrumentType, symbol string) bool {
	s := CanonicalSymbol(t, symbol)
	switch t {
	case Equity:
		return equitySymbol.MatchString(s)
	case EquityOption:
		return occSymbol.MatchString(s)
	case Future:
		return futureSymbol.MatchString(s)
	case FutureOption:
		return futureOptShape.MatchString(s)
	case Cryptocurrency:
		return cryptoSymbol.MatchString(s)
	}
	return false
}
