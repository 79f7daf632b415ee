package emulator

import (
	"hash/fnv"
	"strings"

	"github.com/shopspring/decimal"
)

// instrument is a made-up but stable instrument. Every well-formed
// symbol exists; the first use derives its numbers from a hash of the
// symbol and stores them.
type instrument struct {
	Type       string          `json:"type"`
	Symbol     string          `json:"symbol"`
	Mark       decimal.Decimal `json:"mark"`
	Multiplier decimal.Decimal `json:"multiplier"`
	Ticks      []tick          `json:"ticks"`
	Fractional bool            `json:"fractional"`

	// Equities only: the schedules for their options, single and spread.
	OptionTicks []tick `json:"option-ticks,omitempty"`
	SpreadTicks []tick `json:"spread-ticks,omitempty"`
}

// tick is one step of a tick schedule: Value applies to prices below
// Threshold; the entry without a threshold is the fallback.
type tick struct {
	Threshold *decimal.Decimal `json:"threshold,omitempty"`
	Value     decimal.Decimal  `json:"value"`
}

// product describes a futures product the emulator knows by name; other
// product codes get hashed numbers.
type product struct {
	tick, multiplier, price string
}

var products = map[string]product{
	"ES": {"0.25", "50", "5000"}, "MES": {"0.25", "5", "5000"},
	"NQ": {"0.25", "20", "18000"}, "MNQ": {"0.25", "2", "18000"},
	"CL": {"0.01", "1000", "75"}, "GC": {"0.1", "100", "2000"},
}

var cryptoPrices = map[string]string{"BTC": "60000", "ETH": "3000", "SOL": "150"}

// equityPrices fixes the marks of a few well-known symbols, so that their
// options have plausible strikes; others get hashed prices.
var equityPrices = map[string]string{
	"SPY": "500", "QQQ": "450", "AAPL": "200", "MSFT": "420",
	"SPX": "5000", "NDX": "18000", "RUT": "2000",
}

var (
	equityTicks  = ticks("1.0", "0.0001", "", "0.01")
	optionTicks  = ticks("3.0", "0.05", "", "0.1")
	spreadTicks  = ticks("", "0.01")
	futOptTicks  = ticks("5.0", "0.05", "", "0.25")
	cryptoTicks  = ticks("", "0.01")
	hundred      = decimal.NewFromInt(100)
	one          = decimal.NewFromInt(1)
	futureMargin = decimal.NewFromInt(5000) // per contract, opening or short
)

// ticks builds a schedule from threshold/value pairs; "" is no threshold.
func ticks(pairs ...string) []tick {
	var out []tick
	for i := 0; i < len(pairs); i += 2 {
		t := tick{Value: decimal.RequireFromString(pairs[i+1])}
		if pairs[i] != "" {
			th := decimal.RequireFromString(pairs[i])
			t.Threshold = &th
		}
		out = append(out, t)
	}
	return out
}

// tickAt returns the tick that applies at price.
func tickAt(schedule []tick, price decimal.Decimal) decimal.Decimal {
	for _, t := range schedule {
		if t.Threshold == nil || price.LessThan(*t.Threshold) {
			return t.Value
		}
	}
	return decimal.NewFromFloat(0.01)
}

// onTick reports whether price is a whole number of ticks.
func onTick(schedule []tick, price decimal.Decimal) bool {
	return price.Mod(tickAt(schedule, price)).IsZero()
}

// floorToTick rounds price down onto the schedule, never below one tick.
func floorToTick(schedule []tick, price decimal.Decimal) decimal.Decimal {
	t := tickAt(schedule, price)
	p := price.Div(t).Floor().Mul(t)
	if p.Sign() <= 0 {
		return t
	}
	return p
}

func hashOf(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

// instrument returns the stored instrument, making it up on first use.
// The caller has checked the symbol's shape.
func (c *call) instrument(info symbolInfo) (instrument, error) {
	var in instrument
	k := key(info.Type, info.Symbol)
	found, err := c.s.get(bucketInstruments, k, &in)
	if err != nil || found {
		return in, err
	}

	in, err = c.makeInstrument(info)
	if err != nil {
		return in, err
	}
	return in, c.s.put(bucketInstruments, k, in)
}

func (c *call) makeInstrument(info symbolInfo) (instrument, error) {
	h := hashOf(info.Type + "|" + info.Symbol)
	in := instrument{Type: info.Type, Symbol: info.Symbol, Multiplier: one}
	switch info.Type {
	case typeEquity:
		in.Mark = decimal.New(int64(2000+h%48000), -2)
		if p, ok := equityPrices[info.Symbol]; ok {
			in.Mark = decimal.RequireFromString(p)
		}
		in.Ticks, in.OptionTicks, in.SpreadTicks = equityTicks, optionTicks, spreadTicks
		in.Fractional = h%5 != 0 && !strings.Contains(info.Symbol, "/")
	case typeEquityOption:
		return c.makeOption(info, h, typeEquity, info.Underlying)
	case typeFuture:
		p := futureProduct(info.Root, h)
		in.Ticks = ticks("", p.tick)
		in.Multiplier = decimal.RequireFromString(p.multiplier)
		in.Mark = floorToTick(in.Ticks, decimal.RequireFromString(p.price))
	case typeFutureOption:
		return c.makeOption(info, h, typeFuture, info.Underlying)
	case typeCrypto:
		base := strings.TrimSuffix(info.Symbol, "/USD")
		price, ok := cryptoPrices[base]
		if !ok {
			price = decimal.New(int64(10+h%10000), -2).String()
		}
		in.Mark, in.Ticks, in.Fractional = decimal.RequireFromString(price), cryptoTicks, true
	}
	return in, nil
}

// makeOption prices an option at its intrinsic value plus a hashed time
// value, on its tick schedule.
func (c *call) makeOption(info symbolInfo, h uint64, underType, under string) (instrument, error) {
	u, err := c.instrument(symbolInfo{Type: underType, Symbol: under, Underlying: under,
		Root: strings.TrimPrefix(futureRoot(under), "/")})
	if err != nil {
		return instrument{}, err
	}

	in := instrument{Type: info.Type, Symbol: info.Symbol, Multiplier: hundred,
		Ticks: u.OptionTicks, SpreadTicks: u.SpreadTicks}
	if underType == typeFuture {
		in.Multiplier, in.Ticks = u.Multiplier, futOptTicks
	}
	intrinsic := u.Mark.Sub(info.Strike)
	if info.PutCall == "P" {
		intrinsic = intrinsic.Neg()
	}
	extra := decimal.New(int64(50+h%450), -2)
	in.Mark = floorToTick(in.Ticks, decimal.Max(intrinsic, decimal.Zero).Add(extra))
	return in, nil
}

// futureRoot returns the product code of a future symbol.
func futureRoot(symbol string) string {
	if m := futureShape.FindStringSubmatch(symbol); m != nil {
		return m[1]
	}
	return symbol
}

func futureProduct(code string, h uint64) product {
	if p, ok := products[code]; ok {
		return p
	}
	return product{tick: "0.01", multiplier: "100", price: decimal.New(int64(5000+h%500000), -2).String()}
}
