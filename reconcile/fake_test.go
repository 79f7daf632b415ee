package reconcile

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

// fakeBroker is a map-backed provider.Broker for apply tests. Its hooks
// run before a write; a hook's error fails the write, and with lose set
// the write is done first and its answer lost.
type fakeBroker struct {
	orders     map[int64]*provider.Order
	watchlists map[string]provider.Watchlist
	nextID     int64

	instruments  map[string]provider.Instrument
	dryRunResult provider.DryRunResult

	placeHook  func(n int, spec provider.OrderSpec) error
	cancelHook func(o *provider.Order) error
	dryRunHook func(spec provider.OrderSpec) error
	lose       bool
	placed     int

	// fillOnPlace fills every order in full as soon as it is placed.
	fillOnPlace bool

	// loseWatchlist creates the next watchlist and then loses the answer.
	loseWatchlist bool

	// pendingReads is how many reads a cancelled order stays Cancel
	// Requested before it is Cancelled, as a real broker's cancel is
	// asynchronous.
	pendingReads int
	reads        map[int64]int
}

func newFakeBroker() *fakeBroker {
	return &fakeBroker{orders: map[int64]*provider.Order{}, watchlists: map[string]provider.Watchlist{}, nextID: 100}
}

var _ provider.Broker = (*fakeBroker)(nil)

func (f *fakeBroker) Accounts(context.Context) ([]provider.Account, error) {
	return []provider.Account{{Number: "5WT00001"}, {Number: "5WT00002"}}, nil
}

func (f *fakeBroker) Watchlists(context.Context) ([]provider.Watchlist, error) {
	var out []provider.Watchlist
	for _, w := range f.watchlists {
		out = append(out, w)
	}
	return out, nil
}

func (f *fakeBroker) CreateWatchlist(_ context.Context, w provider.Watchlist) (provider.Watchlist, error) {
	if _, ok := f.watchlists[w.Name]; ok {
		return w, &provider.APIError{Status: 422, Code: "watchlist_already_exists"}
	}
	f.watchlists[w.Name] = w
	if f.loseWatchlist {
		f.loseWatchlist = false
		return w, fmt.Errorf("post: %w", provider.ErrAmbiguous)
	}
	return w, nil
}

func (f *fakeBroker) ReplaceWatchlist(_ context.Context, name string, w provider.Watchlist) (provider.Watchlist, error) {
	f.watchlists[name] = w
	return w, nil
}

func (f *fakeBroker) DeleteWatchlist(_ context.Context, name string) error {
	if _, ok := f.watchlists[name]; !ok {
		return fmt.Errorf("delete: %w", provider.ErrNotFound)
	}
	delete(f.watchlists, name)
	return nil
}

func (f *fakeBroker) LiveOrders(_ context.Context, account string) ([]provider.Order, error) {
	var out []provider.Order
	for id := int64(100); id < f.nextID; id++ {
		if o, ok := f.orders[id]; ok && o.AccountNumber == account {
			out = append(out, clone(o))
		}
	}
	return out, nil
}

func (f *fakeBroker) SearchOrders(ctx context.Context, account string, _ time.Time) ([]provider.Order, error) {
	return f.LiveOrders(ctx, account)
}

func (f *fakeBroker) Order(_ context.Context, _ string, id int64) (provider.Order, error) {
	o, ok := f.orders[id]
	if !ok {
		return provider.Order{}, provider.ErrNotFound
	}
	if o.Status == provider.StatusCancelRequested {
		if f.reads == nil {
			f.reads = map[int64]int{}
		}
		f.reads[id]++
		if f.reads[id] > f.pendingReads {
			o.Status = provider.StatusCancelled
		}
	}
	return clone(o), nil
}

// clone copies an order deeply, as a read over the wire would: what the
// broker does later must not show in an order read earlier.
func clone(o *provider.Order) provider.Order {
	c := *o
	c.Legs = make([]provider.Leg, len(o.Legs))
	for i, l := range o.Legs {
		l.Fills = append([]provider.Fill(nil), l.Fills...)
		c.Legs[i] = l
	}
	return c
}

func (f *fakeBroker) PlaceOrder(_ context.Context, account string, spec provider.OrderSpec) (provider.Order, error) {
	f.placed++
	if f.placeHook != nil {
		if err := f.placeHook(f.placed, spec); err != nil {
			if !f.lose {
				return provider.Order{}, err
			}
			f.addAndMaybeFill(account, spec)
			return provider.Order{}, err
		}
	}
	return *f.addAndMaybeFill(account, spec), nil
}

func (f *fakeBroker) addAndMaybeFill(account string, spec provider.OrderSpec) *provider.Order {
	o := f.add(account, spec)
	if f.fillOnPlace {
		f.fill(o.ID, o.Legs[0].Quantity.Decimal.String())
	}
	return o
}

func (f *fakeBroker) add(account string, spec provider.OrderSpec) *provider.Order {
	spec.Legs = append([]provider.Leg(nil), spec.Legs...) // no aliasing with the caller's config
	o := &provider.Order{OrderSpec: spec, ID: f.nextID, AccountNumber: account, Status: provider.StatusLive, Editable: true, Cancellable: true}
	f.orders[o.ID] = o
	f.nextID++
	return o
}

func (f *fakeBroker) DryRun(_ context.Context, _ string, spec provider.OrderSpec) (provider.DryRunResult, error) {
	if f.dryRunHook != nil {
		if err := f.dryRunHook(spec); err != nil {
			return provider.DryRunResult{}, err
		}
	}
	return f.dryRunResult, nil
}

func (f *fakeBroker) ReplaceOrder(_ context.Context, account string, id int64, spec provider.OrderSpec) (provider.Order, error) {
	old := f.orders[id]
	if old == nil || old.Status.Terminal() {
		return provider.Order{}, &provider.APIError{Status: 422, Code: "cannot_update_order"}
	}
	// Like the emulator, the replacement takes what is left to fill.
	spec.Legs = nil
	for _, l := range old.Legs {
		filled := decimal.Zero
		for _, fl := range l.Fills {
			filled = filled.Add(fl.Quantity)
		}
		l.Quantity = decimal.NewNullDecimal(l.Quantity.Decimal.Sub(filled))
		l.Fills = nil
		spec.Legs = append(spec.Legs, l)
	}
	old.Status = provider.StatusCancelled
	n := f.add(account, spec)
	n.ComplexOrderID, n.ComplexOrderTag = old.ComplexOrderID, old.ComplexOrderTag
	n.ReplacesOrderID = id
	old.ReplacingOrderID = n.ID
	return *n, nil
}

func (f *fakeBroker) CancelOrder(_ context.Context, _ string, id int64) (provider.Order, error) {
	o := f.orders[id]
	if f.cancelHook != nil {
		if err := f.cancelHook(o); err != nil {
			return provider.Order{}, err
		}
	}
	if o == nil || o.Status.Terminal() {
		return provider.Order{}, &provider.APIError{Status: 422, Code: "cannot_update_order"}
	}
	o.Status = provider.StatusCancelRequested
	return *o, nil
}
