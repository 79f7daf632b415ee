package provider

import (
	"sort"
	"strings"
)

// The enumerations below hold the API's own words as their canonical
// values. Parse functions accept those words and ttplan's HCL spelling
// (snake_case) in any letter case, so "stop_limit", "Stop Limit" and
// "STOP-LIMIT" all mean OrderType "Stop Limit".

// InstrumentType is the asset class of a symbol.
type InstrumentType string

// Instrument types ttplan can trade or watch.
const (
	Equity         InstrumentType = "Equity"
	EquityOption   InstrumentType = "Equity Option"
	Future         InstrumentType = "Future"
	FutureOption   InstrumentType = "Future Option"
	Cryptocurrency InstrumentType = "Cryptocurrency"
)

// OrderType is how an order is priced.
type OrderType string

// Order types.
const (
	Limit           OrderType = "Limit"
	Market          OrderType = "Market"
	MarketableLimit OrderType = "Marketable Limit"
	Stop            OrderType = "Stop"
	StopLimit       OrderType = "Stop Limit"
	NotionalMarket  OrderType = "Notional Market"
)

// TimeInForce is how long an order stands.
type TimeInForce string

// Times in force.
const (
	Day             TimeInForce = "Day"
	GTC             TimeInForce = "GTC"
	GTD             TimeInForce = "GTD"
	Ext             TimeInForce = "Ext"
	ExtOvernight    TimeInForce = "Ext Overnight"
	GTCExt          TimeInForce = "GTC Ext"
	GTCExtOvernight TimeInForce = "GTC Ext Overnight"
	IOC             TimeInForce = "IOC"
)

// Action is what a leg does to a position.
type Action string

// Leg actions.
const (
	BuyToOpen   Action = "Buy to Open"
	BuyToClose  Action = "Buy to Close"
	SellToOpen  Action = "Sell to Open"
	SellToClose Action = "Sell to Close"
	Buy         Action = "Buy"
	Sell        Action = "Sell"
)

// IsBuy reports whether the action buys.
func (a Action) IsBuy() bool { return a == BuyToOpen || a == BuyToClose || a == Buy }

// IsClosing reports whether the action closes an existing position.
func (a Action) IsClosing() bool { return a == BuyToClose || a == SellToClose }

// Effect is the direction of money for a price or value: the API never
// sends negative prices, it sends a magnitude and an effect.
type Effect string

// Effects. None appears only in responses.
const (
	Debit  Effect = "Debit"
	Credit Effect = "Credit"
	None   Effect = "None"
)

// OrderStatus is where an order is in its life.
type OrderStatus string

// Order statuses as the API spells them.
const (
	StatusReceived         OrderStatus = "Received"
	StatusRouted           OrderStatus = "Routed"
	StatusInFlight         OrderStatus = "In Flight"
	StatusLive             OrderStatus = "Live"
	StatusContingent       OrderStatus = "Contingent"
	StatusCancelRequested  OrderStatus = "Cancel Requested"
	StatusReplaceRequested OrderStatus = "Replace Requested"
	StatusFilled           OrderStatus = "Filled"
	StatusCancelled        OrderStatus = "Cancelled"
	StatusExpired          OrderStatus = "Expired"
	StatusRejected         OrderStatus = "Rejected"
	StatusRemoved          OrderStatus = "Removed"
	StatusPartiallyRemoved OrderStatus = "Partially Removed"
)

// Working reports whether the order still stands at the broker and can
// fill. Orders being cancelled or replaced are not working: they are on
// their way to a terminal status.
func (s OrderStatus) Working() bool {
	switch s {
	case StatusReceived, StatusRouted, StatusInFlight, StatusLive, StatusContingent:
		return true
	}
	return false
}

// Pending reports whether a cancel or replace has been asked for and the
// order has not reached a terminal status yet.
func (s OrderStatus) Pending() bool {
	return s == StatusCancelRequested || s == StatusReplaceRequested
}

// Terminal reports whether the order is finished.
func (s OrderStatus) Terminal() bool {
	switch s {
	case StatusFilled, StatusCancelled, StatusExpired, StatusRejected,
		StatusRemoved, StatusPartiallyRemoved:
		return true
	}
	return false
}

// Known reports whether the status is one ttplan understands. An unknown
// status makes the reconciler fail closed for that order.
func (s OrderStatus) Known() bool { return s.Working() || s.Pending() || s.Terminal() }

var (
	instrumentTypes = []InstrumentType{Equity, EquityOption, Future, FutureOption, Cryptocurrency}
	orderTypes      = []OrderType{Limit, Market, MarketableLimit, Stop, StopLimit, NotionalMarket}
	timesInForce    = []TimeInForce{Day, GTC, GTD, Ext, ExtOvernight, GTCExt, GTCExtOvernight, IOC}
	actions         = []Action{BuyToOpen, BuyToClose, SellToOpen, SellToClose, Buy, Sell}
	effects         = []Effect{Debit, Credit}
)

// ParseInstrumentType reads an instrument type in either spelling.
func ParseInstrumentType(s string) (InstrumentType, bool) { return parseEnum(s, instrumentTypes) }

// ParseOrderType reads an order type in either spelling.
func ParseOrderType(s string) (OrderType, bool) { return parseEnum(s, orderTypes) }

// ParseTimeInForce reads a time in force in either spelling.
func ParseTimeInForce(s string) (TimeInForce, bool) { return parseEnum(s, timesInForce) }

// ParseAction reads a leg action in either spelling.
func ParseAction(s string) (Action, bool) { return parseEnum(s, actions) }

// ParseEffect reads a price effect in either spelling. None is not
// accepted: it is never valid in a request.
func ParseEffect(s string) (Effect, bool) { return parseEnum(s, effects) }

// HCLSpellings lists the snake_case spellings of an enumeration, sorted,
// for error messages ("must be one of ...").
func HCLSpellings[T ~string](values []T) []string {
	out := make([]string, len(values))
	for i, v := range values {
		out[i] = HCLSpelling(v)
	}
	sort.Strings(out)
	return out
}

// HCLSpelling is the snake_case form of an API word: "Stop Limit" becomes
// "stop_limit". Plans show enumerations this way.
func HCLSpelling[T ~string](v T) string {
	return strings.ReplaceAll(enumKey(string(v)), " ", "_")
}

// Enumerations for callers that list the choices.
var (
	InstrumentTypes = instrumentTypes
	OrderTypes      = orderTypes
	TimesInForce    = timesInForce
	Actions         = actions
	Effects         = effects
)

func parseEnum[T ~string](s string, values []T) (T, bool) {
	key := enumKey(s)
	for _, v := range values {
		if enumKey(string(v)) == key {
			return v, true
		}
	}
	return "", false
}

// enumKey folds case and the separators space, underscore and hyphen.
func enumKey(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer("_", " ", "-", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}
