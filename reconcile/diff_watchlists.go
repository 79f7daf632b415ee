package reconcile

import (
	"fmt"
	"maps"
	"slices"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/provider"
)

// diffWatchlists plans the watchlists. A watchlist's identity at the
// broker is its name. Declaring a name manages that watchlist; a name
// that ttplan managed before and that no block declares any more (a
// renamed or removed block) is deleted, but only when the record says
// ttplan managed it.
func diffWatchlists(p *Plan, cfg *config.Config, st *State, opts Options) {
	live := map[string]provider.Watchlist{}
	for _, w := range st.Watchlists {
		live[w.Name] = w
	}
	declaredName := map[string]bool{}
	declaredAddress := map[string]bool{}
	for _, w := range cfg.Watchlists {
		declaredName[w.Name] = true
		declaredAddress[w.Address] = true
	}

	// Names ttplan managed that no block declares, by the address that
	// last declared them.
	retired := map[string][]string{}
	for _, name := range slices.Sorted(maps.Keys(opts.Record.Watchlists)) {
		if _, ok := live[name]; ok && !declaredName[name] {
			address := opts.Record.Watchlists[name]
			retired[address] = append(retired[address], name)
		}
	}

	for _, w := range cfg.Watchlists {
		diffWatchlist(p, w, live, retired[w.Address], opts.Record)
	}
	for _, address := range slices.Sorted(maps.Keys(retired)) {
		if declaredAddress[address] {
			continue
		}
		for _, name := range retired[address] {
			p.Changes = append(p.Changes, deleteWatchlist(address, live[name], "not in the configuration"))
		}
	}

	warnUnrecorded(p, cfg, st, opts)
}

// diffWatchlist plans one declared watchlist. oldNames are the live
// names this address had before a rename.
func diffWatchlist(p *Plan, w *config.Watchlist, live map[string]provider.Watchlist, oldNames []string, rec *RecordEntry) {
	desired := provider.Watchlist{Name: w.Name, GroupName: w.Group, OrderIndex: 9999, Entries: w.Entries}
	cur, exists := live[w.Name]

	switch {
	case !exists && len(oldNames) > 0:
		// A rename: create the new list, then delete the old one.
		old := live[oldNames[0]]
		keepUIPlacement(&desired, old)
		c := watchlistChange(w, CreateThenDelete, &old, desired)
		c.ForcesReplacement = []string{"name"}
		p.Changes = append(p.Changes, c)
		oldNames = oldNames[1:]

	case exists && len(oldNames) > 0 && rec.Watchlists[w.Name] == "":
		p.Errors = append(p.Errors, Note{Address: w.Address, Message: fmt.Sprintf(
			"cannot rename watchlist %q to %q: a watchlist called %q already exists and "+
				"ttplan did not create it. Rename or delete one of them in the app first.",
			oldNames[0], w.Name, w.Name)})
		return

	case !exists:
		p.Changes = append(p.Changes, watchlistChange(w, Create, nil, desired))

	default:
		keepUIPlacement(&desired, cur)
		if !sameWatchlist(cur, desired) {
			p.Changes = append(p.Changes, watchlistChange(w, Update, &cur, desired))
			if d, ok := rec.WatchlistDigests[w.Name]; ok && d != watchlistDigest(cur) {
				p.Drift = append(p.Drift, Note{Address: w.Address, Message: fmt.Sprintf(
					"watchlist %q was edited outside ttplan since ttplan last wrote it; the plan "+
						"sets it back to the configuration", w.Name)})
			}
		}
	}

	// Names left over from an earlier, half-done rename.
	for _, name := range oldNames {
		p.Changes = append(p.Changes, deleteWatchlist(w.Address, live[name], "renamed to "+quote(w.Name)))
	}
}

// watchlistChange is a change that creates or replaces a declared
// watchlist; before is the live list it starts from, if any.
func watchlistChange(w *config.Watchlist, a Action, before *provider.Watchlist, desired provider.Watchlist) *Change {
	c := &Change{
		Address:   w.Address,
		Kind:      "watchlist",
		Label:     label(w.Address),
		Action:    a,
		After:     watchlistObject(desired, w.Group != ""),
		watchlist: &watchlistOp{Desired: desired},
	}
	if before != nil {
		c.Before = watchlistObject(*before, w.Group != "")
		c.watchlist.OldName = before.Name
	}
	return c
}

// keepUIPlacement carries the live group and position over: a PUT resets
// what it leaves out, and the configuration leaves them to the user's app
// unless it sets a group.
func keepUIPlacement(desired *provider.Watchlist, live provider.Watchlist) {
	if desired.GroupName == "" {
		desired.GroupName = live.GroupName
	}
	desired.OrderIndex = live.OrderIndex
}

func deleteWatchlist(address string, w provider.Watchlist, reason string) *Change {
	return &Change{
		Address:   address,
		Kind:      "watchlist",
		Label:     label(address),
		Action:    Delete,
		Reason:    reason,
		Before:    watchlistObject(w, false),
		watchlist: &watchlistOp{OldName: w.Name},
	}
}

// warnUnrecorded says, when there is no record, that undeclared
// watchlists are left alone because ttplan cannot tell whether it made
// them.
func warnUnrecorded(p *Plan, cfg *config.Config, st *State, opts Options) {
	if opts.RecordFound {
		return
	}
	declared := map[string]bool{}
	for _, w := range cfg.Watchlists {
		declared[w.Name] = true
	}
	n := 0
	for _, w := range st.Watchlists {
		if !declared[w.Name] {
			n++
		}
	}
	if n == 0 {
		return
	}
	p.Warnings = append(p.Warnings, Note{Message: fmt.Sprintf(
		"no record of managed watchlists (%s) for this environment: %d watchlist(s) that the "+
			"configuration does not declare are left alone, because ttplan cannot tell "+
			"whether it created them", RecordFile, n)})
}
