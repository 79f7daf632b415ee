// Package provider defines what ttplan needs from a broker: the Broker
// interface, the vocabulary of accounts, watchlists and orders it speaks
// in, and the errors a broker returns. The tastytrade client implements
// Broker; the emulator serves the same wire protocol the client speaks.
//
// Values in this package are normalised: enumerations hold the API's own
// words, symbols are canonical (see CanonicalSymbol) and money is an exact
// decimal. Two values that mean the same order compare equal.
package provider

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
)

// Broker is a brokerage account as the reconciler sees it. Reads are safe
// to repeat. Writes are not: an implementation must never resend a write
// on its own, because the broker does not deduplicate orders.
type Broker interface {
	// Accounts lists the accounts the credentials can trade.
	Accounts(ctx context.Context) ([]Account, error)

	// Watchlists lists the user's watchlists in one call.
	Watchlists(ctx context.Context) ([]Watchlist, error)

	// CreateWatchlist creates a watchlist. It fails if the name is taken.
	CreateWatchlist(ctx context.Context, w Watchlist) (Watchlist, error)

	// ReplaceWatchlist replaces every property of the watchlist called
	// name with w. w.Name must equal name: renames are create then delete.
	ReplaceWatchlist(ctx context.Context, name string, w Watchlist) (Watchlist, error)

	// DeleteWatchlist deletes the watchlist called name.
	DeleteWatchlist(ctx context.Context, name string) error

	// LiveOrders lists, in one call, the account's working orders and the
	// orders that reached a terminal status today.
	LiveOrders(ctx context.Context, account string) ([]Order, error)

	// SearchOrders lists the account's orders, of any status, received
	// on or after since, following pagination.
	SearchOrders(ctx context.Context, account string, since time.Time) ([]Order, error)

	// Order reads one order.
	Order(ctx context.Context, account string, id int64) (Order, error)

	// PlaceOrder submits a new order and returns it as the broker took it.
	PlaceOrder(ctx context.Context, account string, spec OrderSpec) (Order, error)

	// DryRun asks the broker what placing spec would do, placing nothing.
	DryRun(ctx context.Context, account string, spec OrderSpec) (DryRunResult, error)

	// DryRunReplace asks what replacing order id with spec would do,
	// counting the buying power the standing order frees.
	DryRunReplace(ctx context.Context, account string, id int64, spec OrderSpec) (DryRunResult, error)

	// ReplaceOrder cancels and replaces order id with spec, which may
	// change only the price, the order type, the time in force and their
	// companions. The returned order is the replacement, with a new id.
	ReplaceOrder(ctx context.Context, account string, id int64, spec OrderSpec) (Order, error)

	// CancelOrder asks the broker to cancel order id. The returned order
	// is usually in StatusCancelRequested.
	CancelOrder(ctx context.Context, account string, id int64) (Order, error)

	// PlaceComplexOrder submits an OCO, OTO or OTOCO order. Its component
	// orders then appear in LiveOrders and SearchOrders like any order,
	// with ComplexOrderID and ComplexOrderTag set.
	PlaceComplexOrder(ctx context.Context, account string, spec ComplexSpec) (ComplexOrder, error)

	// DryRunComplexOrder asks what placing spec would do, placing nothing.
	DryRunComplexOrder(ctx context.Context, account string, spec ComplexSpec) (DryRunResult, error)

	// CancelComplexOrder cancels every working component of complex order
	// id (the complex order's id, never a component's).
	CancelComplexOrder(ctx context.Context, account string, id int64) (ComplexOrder, error)

	// Instrument reads an instrument's tick sizes and multiplier.
	Instrument(ctx context.Context, typ InstrumentType, symbol string) (Instrument, error)
}

// ComplexType is the kind of a complex order.
type ComplexType string

// Complex order types.
const (
	// OCO is two closing orders; one filling cancels the other.
	OCO ComplexType = "OCO"
	// OTO is a trigger order and up to three orders that wait, in
	// StatusContingent, until it fills.
	OTO ComplexType = "OTO"
	// OTOCO is a trigger order and an OCO pair that waits until it fills.
	OTOCO ComplexType = "OTOCO"
)

// ComplexSpec is what a client sends to place a complex order. Each
// component carries its own ExternalIdentifier.
type ComplexSpec struct {
	Type ComplexType

	// Trigger is nil for OCO.
	Trigger *OrderSpec
	Orders  []OrderSpec

	// Source names the program that placed the order.
	Source string
}

// ComplexOrder is a complex order as the broker reports it.
type ComplexOrder struct {
	ID            int64
	AccountNumber string
	Type          ComplexType

	// Trigger is nil for OCO. Orders are the other components, in the
	// order they were sent.
	Trigger *Order
	Orders  []Order
}

// Instrument is what ttplan needs to know of a tradable instrument.
type Instrument struct {
	Type   InstrumentType
	Symbol string

	// Multiplier turns a price into money: 100 for most equity options.
	Multiplier decimal.Decimal

	// TickSizes is the price increment schedule of the instrument itself.
	// OptionTickSizes (equities only) is the schedule of its options
	// traded alone; SpreadTickSizes that of multi-leg option orders on
	// it. Empty when the broker gives none.
	TickSizes       []TickSize
	OptionTickSizes []TickSize
	SpreadTickSizes []TickSize
}

// TickSize is one step of a schedule: Value is the increment for prices
// below Threshold; the step without a threshold applies above all others.
type TickSize struct {
	Threshold decimal.NullDecimal
	Value     decimal.Decimal
}

// TickAt returns the increment that applies to price, or false when
// the schedule is empty.
func TickAt(schedule []TickSize, price decimal.Decimal) (decimal.Decimal, bool) {
	var fallback *TickSize
	var best *TickSize
	for i := range schedule {
		t := &schedule[i]
		switch {
		case !t.Threshold.Valid:
			fallback = t
		case price.LessThan(t.Threshold.Decimal) && (best == nil || t.Threshold.Decimal.LessThan(best.Threshold.Decimal)):
			best = t
		}
	}
	if best == nil {
		best = fallback
	}
	if best == nil || !best.Value.IsPositive() {
		return decimal.Decimal{}, false
	}
	return best.Value, true
}

// Account is a brokerage account the credentials can see.
type Account struct {
	Number   string
	Nickname string
	Closed   bool
}

// Watchlist is a named, ordered list of symbols.
type Watchlist struct {
	Name string

	// GroupName and OrderIndex place the list in the broker's UI. A PUT
	// resets what it leaves out, so callers send the live values back.
	GroupName  string
	OrderIndex int

	Entries []WatchlistEntry
}

// WatchlistEntry is one symbol of a watchlist.
type WatchlistEntry struct {
	Symbol string

	// InstrumentType may be empty on entries read from the broker; the
	// client fills it in from the symbol's shape when it can.
	InstrumentType InstrumentType
}

// OrderSpec is what a client sends to place or replace an order. Zero
// values mean "absent": a zero Price is no price.
type OrderSpec struct {
	OrderType   OrderType
	TimeInForce TimeInForce

	// GTCDate is the last day of a GTD order, as YYYY-MM-DD.
	GTCDate string

	// Price and Value are magnitudes, never negative; PriceEffect and
	// ValueEffect carry the direction.
	Price       decimal.NullDecimal
	PriceEffect Effect
	StopTrigger decimal.NullDecimal
	Value       decimal.NullDecimal
	ValueEffect Effect

	Legs []Leg

	// ExternalIdentifier is ttplan's ownership tag, echoed by the broker.
	// Source names the program that placed the order.
	ExternalIdentifier string
	Source             string

	// StrictPositionEffect asks the broker to reject a closing leg that
	// has no position to close, instead of turning it into an opening one.
	StrictPositionEffect bool
}

// Leg is one instrument of an order.
type Leg struct {
	InstrumentType InstrumentType
	Symbol         string
	Action         Action

	// Quantity is absent on notional market orders.
	Quantity decimal.NullDecimal

	// RemainingQuantity and Fills are only set on orders read back.
	RemainingQuantity decimal.NullDecimal
	Fills             []Fill
}

// Fill is one execution of a leg.
type Fill struct {
	ID       string
	Quantity decimal.Decimal
	Price    decimal.Decimal
	FilledAt time.Time
}

// Order is an order as the broker reports it.
type Order struct {
	OrderSpec

	ID            int64
	AccountNumber string
	Status        OrderStatus

	Cancellable bool
	Editable    bool

	// ReplacesOrderID links a replacement to the order it replaced, and
	// ReplacingOrderID the other way. Zero when absent.
	ReplacesOrderID  int64
	ReplacingOrderID int64

	RejectReason string
	ReceivedAt   time.Time
	TerminalAt   time.Time

	// ComplexOrderID is the complex order the order is a component of,
	// zero for a plain order; ComplexOrderTag is its role there, such as
	// "OTOCO::trigger-order".
	ComplexOrderID  int64
	ComplexOrderTag string
}

// FilledQuantity is how much of the order's legs has executed, summed
// over the fills of all legs.
func (o Order) FilledQuantity() decimal.Decimal {
	total := decimal.Zero
	for _, l := range o.Legs {
		for _, f := range l.Fills {
			total = total.Add(f.Quantity)
		}
	}
	return total
}

// DryRunResult is the broker's preflight answer for an order.
type DryRunResult struct {
	BuyingPowerChange       decimal.Decimal
	BuyingPowerChangeEffect Effect
	Fees                    decimal.Decimal
	FeesEffect              Effect
	Warnings                []Message

	// NewBuyingPower is the account's buying power after the order, as
	// the broker computes it, with its effect.
	NewBuyingPower       decimal.Decimal
	NewBuyingPowerEffect Effect
}

// Message is a code and text from the broker, such as a warning or one
// failed preflight check.
type Message struct {
	Code    string
	Message string
}
