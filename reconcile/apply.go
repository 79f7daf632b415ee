package reconcile

import (
	"context"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/hashicorp/go-hclog"

	"github.com/ttplan/ttplan/provider"
)

// ApplyOptions are what Apply needs besides the plan.
type ApplyOptions struct {
	Broker provider.Broker

	// Record is updated and saved after every step that changes what
	// ttplan manages; RecordKey names the environment's entry.
	Record    *Record
	RecordKey string
	Workspace string

	// Out receives one line per action as it completes.
	Out io.Writer
	Log hclog.Logger
	Now func() time.Time

	// BeforeWrites, if set, runs after the preflight and before the first
	// change; its error stops the apply with nothing changed.
	BeforeWrites func() error

	// SettleTimeout bounds how long a cancel may stay pending before the
	// order it makes way for is placed; SettlePoll is the pause between
	// reads. Zero means 10 s and 250 ms.
	SettleTimeout time.Duration
	SettlePoll    time.Duration
}

// Result says what an apply did. On failure it names the change that
// failed and those not tried, so nothing is half-applied silently.
type Result struct {
	Done   []Outcome
	Failed *Outcome

	// Stopped says why apply stopped before NotTried when nothing failed:
	// an order filled while ttplan cancelled it, so the position is not
	// what the plan assumed.
	Stopped  string
	NotTried []*Change

	// Added, Changed and Destroyed count what was actually done, which
	// can be less than the plan: an order found already standing is not
	// placed, and one found already ended is not cancelled.
	Added, Changed, Destroyed int
}

// Outcome is one change carried out, or the one that failed.
type Outcome struct {
	Change  *Change
	Message string
	Err     error
}

// Apply carries out the plan's changes, stopping at the first failure.
//
// Before it changes anything it asks the broker to preflight every order
// it will place, so an order the broker would refuse stops the apply
// while nothing has been done. Watchlists go first; then orders are
// cancelled (and each cancel waits until the broker confirms it), then
// replaced, then placed. A cancel that finds its order filled stops the
// apply before anything more is placed.
//
// Apply refuses a plan with errors, and returns an error without acting
// when the preflight fails.
func Apply(ctx context.Context, p *Plan, opts ApplyOptions) (*Result, error) {
	if len(p.Errors) > 0 {
		return nil, fmt.Errorf("the plan has %d error(s); nothing was applied", len(p.Errors))
	}
	a := &applier{opts: opts, entry: opts.Record.Entry(opts.RecordKey), seen: map[int64]bool{}}
	for id := range p.seen {
		a.seen[id] = true
	}
	a.setDefaults()
	a.entry.Workspace = opts.Workspace

	steps := applyOrder(p.Changes)
	if err := a.preflight(ctx, steps); err != nil {
		return nil, err
	}
	if opts.BeforeWrites != nil {
		if err := opts.BeforeWrites(); err != nil {
			return nil, err
		}
	}
	if RememberProtected(a.entry, p) {
		if err := a.save(); err != nil {
			return nil, err
		}
	}

	res := &Result{}
	a.res = res
	for i, c := range steps {
		if a.stop != "" && c.Action != Delete {
			a.opts.Log.Error("apply stopped", "reason", a.stop)
			res.Stopped, res.NotTried = a.stop, steps[i:]
			return res, nil
		}
		msg, err := a.apply(ctx, c)
		secrets := changeSecrets(c)
		msg, err, a.stop = scrub(msg, secrets), scrubError(err, secrets), scrub(a.stop, secrets)
		if err != nil {
			a.opts.Log.Error("change failed", "address", c.Address, "action", string(c.Action), "error", err.Error())
			res.Failed = &Outcome{Change: c, Message: msg, Err: err}
			res.NotTried = steps[i+1:]
			return res, nil
		}
		a.opts.Log.Info("change applied", "address", c.Address, "action", string(c.Action), "result", msg)
		res.Done = append(res.Done, Outcome{Change: c, Message: msg})
		fmt.Fprintf(a.opts.Out, "%s: %s\n", c.Address, msg)
	}
	// A cancel in the last step that found its order traded: nothing was
	// left to stop, but the position is not what the plan assumed, and
	// that is no success.
	res.Stopped = a.stop
	return res, nil
}

// applyOrder sorts changes into the order they are carried out.
func applyOrder(changes []*Change) []*Change {
	rank := func(c *Change) int {
		if c.watchlist != nil {
			return 0
		}
		switch c.Action {
		case Delete:
			return 1
		case Replace:
			return 2
		case Update:
			return 3
		}
		return 4
	}
	out := append([]*Change(nil), changes...)
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}

type applier struct {
	opts  ApplyOptions
	entry *RecordEntry

	// seen holds the ids of the orders the plan was made from.
	seen map[int64]bool

	// stop is set when a cancel found that its order had filled since
	// the plan: the position is not what the plan assumed, so nothing
	// more is placed.
	stop string

	// res counts what was done.
	res *Result

	// placed holds the tags placed in this apply.
	placed map[string]bool
}

func (a *applier) setDefaults() {
	if a.opts.Log == nil {
		a.opts.Log = hclog.NewNullLogger()
	}
	if a.opts.Now == nil {
		a.opts.Now = time.Now
	}
	if a.opts.Out == nil {
		a.opts.Out = io.Discard
	}
	if a.opts.SettleTimeout == 0 {
		a.opts.SettleTimeout = 10 * time.Second
	}
	if a.opts.SettlePoll == 0 {
		a.opts.SettlePoll = 250 * time.Millisecond
	}
}

func (a *applier) apply(ctx context.Context, c *Change) (string, error) {
	a.opts.Log.Info("applying change", "address", c.Address, "action", string(c.Action))
	if c.watchlist != nil {
		return a.applyWatchlist(ctx, c)
	}
	if c.complex != nil {
		return a.applyComplex(ctx, c)
	}
	switch c.Action {
	case Create:
		return a.place(ctx, c)
	case Update:
		return a.replace(ctx, c)
	case Replace:
		return a.cancelThenPlace(ctx, c)
	case Delete:
		return a.cancel(ctx, c)
	}
	return "", fmt.Errorf("unknown action %q", c.Action)
}

func (a *applier) save() error {
	return a.opts.Record.Save()
}

func (a *applier) applyWatchlist(ctx context.Context, c *Change) (string, error) {
	op := c.watchlist
	b := a.opts.Broker
	switch c.Action {
	case Create:
		return "created", a.createWatchlist(ctx, op, c.Address)

	case Update:
		got, err := b.ReplaceWatchlist(ctx, op.OldName, op.Desired)
		if err != nil {
			return "", err
		}
		a.entry.Watchlists[op.Desired.Name] = c.Address
		a.rememberWatchlist(got, op.Sensitive)
		a.res.Changed++
		return "updated", a.save()

	case CreateThenDelete:
		if err := a.createWatchlist(ctx, op, c.Address); err != nil {
			return "", err
		}
		if err := a.deleteWatchlist(ctx, op.OldName); err != nil {
			return "", fmt.Errorf("created %q, then: %w", op.Desired.Name, err)
		}
		return fmt.Sprintf("created %q, then destroyed %q", op.Desired.Name, op.OldName), a.save()

	case Delete:
		if err := a.deleteWatchlist(ctx, op.OldName); err != nil {
			return "", err
		}
		return "destroyed", a.save()
	}
	return "", fmt.Errorf("unknown action %q", c.Action)
}

// createWatchlist records the name, then creates the watchlist. Recording
// first means one whose creation answer was lost is still known as
// ttplan's; a recorded name that never came to exist is harmless, since
// only live lists are ever deleted.
func (a *applier) createWatchlist(ctx context.Context, op *watchlistOp, address string) error {
	w := op.Desired
	a.entry.Watchlists[w.Name] = address
	if err := a.save(); err != nil {
		return err
	}
	got, err := a.opts.Broker.CreateWatchlist(ctx, w)
	if err != nil {
		return err
	}
	a.rememberWatchlist(got, op.Sensitive)
	a.res.Added++
	return a.save()
}

// rememberWatchlist keeps the digest of a watchlist ttplan wrote, as the
// broker answered it. One with sensitive values gets none: a digest of a
// short symbol list can be reversed by trying them all.
func (a *applier) rememberWatchlist(w provider.Watchlist, sensitive []string) {
	if a.entry.WatchlistDigests == nil {
		a.entry.WatchlistDigests = map[string]string{}
	}
	if len(sensitive) > 0 {
		delete(a.entry.WatchlistDigests, w.Name)
		return
	}
	a.entry.WatchlistDigests[w.Name] = watchlistDigest(w)
}

// deleteWatchlist deletes a watchlist and forgets it. One already gone
// counts as deleted.
func (a *applier) deleteWatchlist(ctx context.Context, name string) error {
	err := a.opts.Broker.DeleteWatchlist(ctx, name)
	if err != nil && !isNotFound(err) {
		return err
	}
	if err == nil {
		a.res.Destroyed++
	}
	delete(a.entry.Watchlists, name)
	delete(a.entry.WatchlistDigests, name)
	return nil
}
