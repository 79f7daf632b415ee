package reconcile

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// historyLookback is how far back order history is searched for a
// declared order that is not in the live list, when the record does not
// say when it was first placed.
const historyLookback = 365 * 24 * time.Hour

// State is the live account as read from the broker.
type State struct {
	Accounts   []provider.Account
	Watchlists []provider.Watchlist

	// Orders holds every order read, of every account, each id once:
	// the live lists, and order history when it was searched.
	Orders []provider.Order

	// HistorySince is where the history search started; zero when there
	// was none. A saved plan's apply searches from the same day.
	HistorySince time.Time
}

// Read reads what Diff needs in the fewest calls: the accounts and the
// watchlists in one call each, and the live orders in one call per
// account. Only when a declared order has no standing counterpart does it
// search order history, once per account, so that an order that filled
// before today is found and never placed again.
func Read(ctx context.Context, b provider.Broker, cfg *config.Config, rec *RecordEntry, now time.Time) (*State, error) {
	st, err := readLive(ctx, b)
	if err != nil {
		return nil, err
	}
	if err := checkAccounts(cfg, st.Accounts); err != nil {
		return nil, err
	}

	since, ok := historyNeeded(cfg, st, rec, now)
	if !ok {
		return st, nil
	}
	return st, st.readHistory(ctx, b, since)
}

// Reread reads the account again the way an earlier Read did, without
// the configuration: for a saved plan, whose apply must see the same
// objects its plan saw. A zero since skips the history search.
func Reread(ctx context.Context, b provider.Broker, since time.Time) (*State, error) {
	st, err := readLive(ctx, b)
	if err != nil || since.IsZero() {
		return st, err
	}
	return st, st.readHistory(ctx, b, since)
}

// readLive reads the accounts, the watchlists and every open account's
// live orders.
func readLive(ctx context.Context, b provider.Broker) (*State, error) {
	accounts, err := b.Accounts(ctx)
	if err != nil {
		return nil, fmt.Errorf("read accounts: %w", err)
	}
	watchlists, err := b.Watchlists(ctx)
	if err != nil {
		return nil, fmt.Errorf("read watchlists: %w", err)
	}

	st := &State{Accounts: accounts, Watchlists: watchlists}
	for _, a := range openAccounts(accounts) {
		orders, err := b.LiveOrders(ctx, a)
		if err != nil {
			return nil, fmt.Errorf("read live orders of account %s: %w", a, err)
		}
		st.addOrders(orders)
	}
	return st, nil
}

// readHistory adds every open account's orders received since since.
func (st *State) readHistory(ctx context.Context, b provider.Broker, since time.Time) error {
	st.HistorySince = since
	for _, a := range openAccounts(st.Accounts) {
		orders, err := b.SearchOrders(ctx, a, since)
		if err != nil {
			return fmt.Errorf("search order history of account %s: %w", a, err)
		}
		st.addOrders(orders)
	}
	return nil
}

// checkAccounts fails when the configuration names an account the
// credentials cannot see.
func checkAccounts(cfg *config.Config, accounts []provider.Account) error {
	known := map[string]bool{}
	for _, a := range accounts {
		known[a.Number] = true
	}

	var missing []string
	seen := map[string]bool{}
	note := func(number string) {
		if !known[number] && !seen[number] {
			seen[number] = true
			missing = append(missing, number)
		}
	}
	for _, a := range cfg.Accounts {
		note(a.Number)
	}
	for _, o := range cfg.Orders {
		note(o.Account)
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	return fmt.Errorf("account %s is not among the accounts these credentials can see", missing[0])
}

func openAccounts(accounts []provider.Account) []string {
	var out []string
	for _, a := range accounts {
		if !a.Closed {
			out = append(out, a.Number)
		}
	}
	sort.Strings(out)
	return out
}

// addOrders adds orders not read before. A live read comes first, so it
// wins over history for the same id.
func (st *State) addOrders(orders []provider.Order) {
	have := make(map[int64]bool, len(st.Orders))
	for _, o := range st.Orders {
		have[o.ID] = true
	}
	for _, o := range orders {
		if !have[o.ID] {
			have[o.ID] = true
			st.Orders = append(st.Orders, o)
		}
	}
}

// historyNeeded reports whether some declared order has no working or
// pending order with its tag in the live lists, and from when to search.
func historyNeeded(cfg *config.Config, st *State, rec *RecordEntry, now time.Time) (time.Time, bool) {
	byTag := st.ordersByTag()
	need := false
	for _, o := range cfg.Orders {
		tagged := byTag[OrderTag(cfg.Provider.Workspace, orderIdentity(o.Address, o.Rearm))]
		if !anyStanding(tagged) || !chainComplete(tagged) {
			need = true
			break
		}
	}
	// A component without a standing order may have filled before
	// today: a bracket whose trigger filled yesterday has traded, and
	// must not be placed again.
	for _, co := range cfg.ComplexOrders {
		for _, comp := range components(co) {
			if !anyStanding(byTag[componentTag(cfg.Provider.Workspace, co.Address, co.Rearm, comp.Name)]) {
				need = true
			}
		}
	}
	if !need {
		return time.Time{}, false
	}

	since := now.Add(-historyLookback)
	for _, r := range rec.Orders {
		if d, err := time.ParseInLocation(time.DateOnly, r.FirstPlaced, newYork); err == nil && d.Before(since) {
			since = d
		}
	}
	return since, true
}

// ordersByTag groups the orders that carry a ttplan tag, oldest id first.
func (st *State) ordersByTag() map[string][]provider.Order {
	out := map[string][]provider.Order{}
	for _, o := range st.Orders {
		if isTTPlanTag(o.ExternalIdentifier) {
			out[o.ExternalIdentifier] = append(out[o.ExternalIdentifier], o)
		}
	}
	for _, os := range out {
		sort.Slice(os, func(i, j int) bool { return os[i].ID < os[j].ID })
	}
	return out
}

// chainComplete reports whether every order a tagged order replaced is
// among them: its fills count toward the declared quantity.
func chainComplete(orders []provider.Order) bool {
	have := map[int64]bool{}
	for _, o := range orders {
		have[o.ID] = true
	}
	for _, o := range orders {
		if o.ReplacesOrderID != 0 && !have[o.ReplacesOrderID] {
			return false
		}
	}
	return true
}

func anyStanding(orders []provider.Order) bool {
	for _, o := range orders {
		if o.Status.Working() || o.Status.Pending() {
			return true
		}
	}
	return false
}

// newYork is the exchange's time zone: order dates are New York dates.
var newYork = provider.NewYork

// Managed counts the standing orders that carry workspace's tag: the
// orders ttplan manages there.
func (st *State) Managed(workspace string) int {
	n := 0
	for _, o := range st.Orders {
		if o.Status.Working() && ownedBy(o.ExternalIdentifier, workspace) {
			n++
		}
	}
	return n
}
