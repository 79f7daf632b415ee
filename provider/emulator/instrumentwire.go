package emulator

import (
	"strings"
	"time"
)

// instrumentPaths maps the path word of /instruments/{kind}/{symbol} to
// the instrument type.
var instrumentPaths = map[string]string{
	"equities":         typeEquity,
	"equity-options":   typeEquityOption,
	"futures":          typeFuture,
	"future-options":   typeFutureOption,
	"cryptocurrencies": typeCrypto,
}

// getInstrument serves GET /instruments/{kind}/{symbol}.
func (c *call) getInstrument() reply {
	instType, ok := instrumentPaths[c.seg[1]]
	if !ok {
		return notFound("route " + c.path)
	}
	symbol := c.seg[2]
	if instType == typeFuture && !strings.HasPrefix(symbol, "/") {
		symbol = "/" + symbol
	}

	info, ok := parseSymbol(instType, symbol)
	if !ok {
		return notFound(instType)
	}
	in, err := c.instrument(info)
	if err != nil {
		return internalReply(err)
	}
	return c.data(200, instrumentWire(info, in))
}

// instrumentWire renders an instrument with the fields of its type.
func instrumentWire(info symbolInfo, in instrument) map[string]any {
	out := map[string]any{
		"symbol": in.Symbol, "instrument-type": in.Type, "active": true,
		"is-closing-only": false, "streamer-symbol": streamerSymbol(info),
	}
	switch in.Type {
	case typeEquity:
		out["description"] = in.Symbol + " (emulated)"
		out["is-index"], out["is-etf"], out["is-illiquid"] = false, false, false
		out["listed-market"], out["lendability"] = "XNAS", "Easy To Borrow"
		out["is-fractional-quantity-eligible"] = in.Fractional
		out["tick-sizes"], out["option-tick-sizes"] = ticksWire(in.Ticks), ticksWire(in.OptionTicks)
		out["spread-tick-sizes"] = ticksWire(in.SpreadTicks)
	case typeEquityOption:
		optionFields(out, info, in)
		out["shares-per-contract"] = decNumber(in.Multiplier)
		out["exercise-style"], out["settlement-type"] = "American", "PM"
	case typeFuture:
		out["product-code"], out["exchange"] = info.Root, "CME"
		out["tick-size"] = decString(in.Ticks[0].Value)
		out["tick-sizes"] = ticksWire(in.Ticks)
		out["notional-multiplier"] = decString(in.Multiplier)
		out["expiration-date"] = info.Expiry.Format(time.DateOnly)
		out["last-trade-date"] = info.Expiry.Format(time.DateOnly)
	case typeFutureOption:
		optionFields(out, info, in)
		out["option-root-symbol"] = info.Root
		out["multiplier"] = decString(in.Multiplier)
		out["exercise-style"], out["is-vanilla"] = "American", true
	case typeCrypto:
		out["description"] = strings.TrimSuffix(in.Symbol, "/USD") + " to USD (emulated)"
		out["tick-size"] = decString(in.Ticks[0].Value)
		out["is-fractional-quantity-eligible"] = true
	}
	return out
}

func optionFields(out map[string]any, info symbolInfo, in instrument) {
	out["underlying-symbol"] = info.Underlying
	out["root-symbol"] = strings.TrimSpace(info.Root)
	out["strike-price"] = decString(info.Strike)
	out["option-type"] = info.PutCall
	out["expiration-date"] = info.Expiry.Format(time.DateOnly)
	out["tick-sizes"] = ticksWire(in.Ticks)
}

func ticksWire(schedule []tick) []map[string]string {
	out := []map[string]string{}
	for _, t := range schedule {
		entry := map[string]string{"value": decString(t.Value)}
		if t.Threshold != nil {
			entry["threshold"] = decString(*t.Threshold)
		}
		out = append(out, entry)
	}
	return out
}

// streamerSymbol is the DXLink spelling: ".AAPL230818C197.5" for an
// equity option, "/ESZ26:XCME" for a future.
func streamerSymbol(info symbolInfo) string {
	switch info.Type {
	case typeEquityOption:
		return "." + info.Root + info.Expiry.Format("060102") + info.PutCall + info.Strike.String()
	case typeFuture:
		return info.Symbol + ":XCME"
	case typeFutureOption:
		return "./" + info.Root + info.PutCall + info.Strike.String() + ":XCME"
	case typeCrypto:
		return info.Symbol + ":CXTALP"
	}
	return info.Symbol
}
