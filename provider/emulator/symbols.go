package emulator

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Instrument types as the API spells them.
const (
	typeEquity       = "Equity"
	typeEquityOption = "Equity Option"
	typeFuture       = "Future"
	typeFutureOption = "Future Option"
	typeCrypto       = "Cryptocurrency"
)

// orderTypes are the instrument types an order leg may carry.
var orderInstrumentTypes = []string{typeEquity, typeEquityOption, typeFuture, typeFutureOption, typeCrypto}

// Symbol shapes. The emulator is strict: symbols must arrive exactly as
// the API spells them (upper case, OCC roots padded to six), so that a
// client that sends a sloppy symbol fails here rather than in production.
var (
	equityShape = regexp.MustCompile(`^[A-Z][A-Z0-9.]{0,9}(/[A-Z]{1,2})?$`)
	occShape    = regexp.MustCompile(`^([A-Z][A-Z0-9]{0,5}) *([0-9]{6})([CP])([0-9]{8})$`)
	futureShape = regexp.MustCompile(`^/([A-Z0-9]{1,4}?)([FGHJKMNQUVXZ])([0-9]{1,2})$`)
	cryptoShape = regexp.MustCompile(`^([A-Z]{2,10})/USD$`)

	// futureOptShape: "./" future, optional space, option root with its
	// own month and year, space, YYMMDD, C or P, strike as written.
	futureOptShape = regexp.MustCompile(`^\./([A-Z0-9]{1,4}[FGHJKMNQUVXZ][0-9]{1,2}) ?` +
		`([A-Z0-9]{1,5}[FGHJKMNQUVXZ][0-9]{1,2}) ([0-9]{6})([CP])([0-9]+(\.[0-9]+)?)$`)
)

// monthCodes maps a futures month code to its month.
var monthCodes = map[string]time.Month{
	"F": time.January, "G": time.February, "H": time.March, "J": time.April,
	"K": time.May, "M": time.June, "N": time.July, "Q": time.August,
	"U": time.September, "V": time.October, "X": time.November, "Z": time.December,
}

// indexRoots maps option roots whose underlying has another symbol.
var indexRoots = map[string]string{"SPXW": "SPX", "NDXP": "NDX", "RUTW": "RUT"}

// symbolInfo is what a symbol's shape says about it.
type symbolInfo struct {
	Type       string
	Symbol     string
	Underlying string // equity of an option, future of a future option
	Root       string // option root or futures product code
	Expiry     time.Time
	PutCall    string // "C" or "P"
	Strike     decimal.Decimal
}

// parseSymbol checks that symbol is well formed for the instrument type
// and takes it apart.
func parseSymbol(instType, symbol string) (symbolInfo, bool) {
	info := symbolInfo{Type: instType, Symbol: symbol, Underlying: symbol}
	switch instType {
	case typeEquity:
		return info, equityShape.MatchString(symbol)
	case typeEquityOption:
		return parseOCC(info)
	case typeFuture:
		return parseFuture(info)
	case typeFutureOption:
		return parseFutureOption(info)
	case typeCrypto:
		return info, cryptoShape.MatchString(symbol)
	}
	return info, false
}

func parseOCC(info symbolInfo) (symbolInfo, bool) {
	m := occShape.FindStringSubmatch(info.Symbol)
	if m == nil || info.Symbol[:6] != fmt.Sprintf("%-6s", m[1]) {
		return info, false
	}
	expiry, err := time.Parse("060102", m[2])
	if err != nil {
		return info, false
	}

	strike, _ := decimal.NewFromString(m[4])
	info.Root, info.Expiry, info.PutCall = m[1], expiry, m[3]
	info.Strike = strike.Shift(-3)
	info.Underlying = m[1]
	if u, ok := indexRoots[m[1]]; ok {
		info.Underlying = u
	}
	return info, true
}

func parseFuture(info symbolInfo) (symbolInfo, bool) {
	m := futureShape.FindStringSubmatch(info.Symbol)
	if m == nil || m[1] == "" {
		return info, false
	}
	info.Root = m[1]
	info.Expiry = futureExpiry(m[2], m[3])
	return info, true
}

func parseFutureOption(info symbolInfo) (symbolInfo, bool) {
	m := futureOptShape.FindStringSubmatch(info.Symbol)
	if m == nil {
		return info, false
	}
	expiry, err := time.Parse("060102", m[3])
	if err != nil {
		return info, false
	}
	future, ok := parseFuture(symbolInfo{Type: typeFuture, Symbol: "/" + m[1]})
	if !ok {
		return info, false
	}

	strike, _ := decimal.NewFromString(m[5])
	info.Underlying, info.Root = future.Symbol, m[2]
	info.Expiry, info.PutCall, info.Strike = expiry, m[4], strike
	return info, true
}

// futureExpiry is the third Friday of the contract month. A one-digit
// year is taken in the 2020s.
func futureExpiry(month, year string) time.Time {
	y := 2000
	if len(year) == 1 {
		y = 2020
	}
	var n int
	fmt.Sscanf(year, "%d", &n)

	first := time.Date(y+n, monthCodes[month], 1, 0, 0, 0, 0, time.UTC)
	offset := (int(time.Friday) - int(first.Weekday()) + 7) % 7
	return first.AddDate(0, 0, offset+14)
}

// underlyingOf is an order's or position's underlying-symbol.
func underlyingOf(instType, symbol string) string {
	info, ok := parseSymbol(instType, symbol)
	if !ok {
		return symbol
	}
	return info.Underlying
}

// underlyingTypeOf is an order's underlying-instrument-type.
func underlyingTypeOf(instType string) string {
	switch instType {
	case typeEquity, typeEquityOption:
		return typeEquity
	case typeFuture, typeFutureOption:
		return typeFuture
	}
	return instType
}

// isOption reports whether the type is an option.
func isOption(instType string) bool {
	return instType == typeEquityOption || instType == typeFutureOption
}

// cleanName reports whether a path-given name is free of control
// characters, which could never be typed in the app.
func cleanName(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f })
}

// segmentName reports whether a name can be a path segment of its own:
// not blank, which would leave the segment empty, and not "." or "..",
// which are dot-segments that HTTP stacks resolve before the request is
// sent or routed.
func segmentName(s string) bool {
	return strings.TrimSpace(s) != "" && s != "." && s != ".."
}
