package reconcile

import (
	"slices"
	"sort"
	"strings"

	"github.com/ttplan/ttplan/config"
)

// Source is the source field of every order ttplan places.
func Source(version string) string { return "ttplan/" + version }

// Options are the inputs of Diff beyond the configuration and the state.
type Options struct {
	// Version is ttplan's version, sent as the order source.
	Version string

	// Record is the record entry of the environment being planned.
	Record *RecordEntry

	// RecordFound tells whether a record existed at all: without one,
	// ttplan cannot tell which undeclared watchlists it managed.
	RecordFound bool

	// Targets, when set, limit the plan to these addresses; an address
	// without a key also targets all its for_each instances.
	Targets []string

	// Replace lists orders to cancel and place again even if unchanged.
	Replace []string
}

// Diff compares the configuration with the live state and returns the
// plan that makes the account match. It does no I/O.
func Diff(cfg *config.Config, st *State, opts Options) *Plan {
	p := &Plan{}
	if opts.Record == nil {
		opts.Record = (&Record{Environments: map[string]*RecordEntry{}}).Entry("")
	}

	p.seen = map[int64]bool{}
	for _, o := range st.Orders {
		p.seen[o.ID] = true
	}

	diffWatchlists(p, cfg, st, opts)
	if checkWorkspace(p, cfg, opts.Record) {
		diffOrders(p, cfg, st, opts)
	}

	hidePlanSensitive(p, cfg)

	if len(opts.Targets) > 0 {
		p.Changes = slices.DeleteFunc(p.Changes, func(c *Change) bool { return !targeted(c.Address, opts.Targets) })
	}
	guardDestroy(p, cfg, opts.Record)
	sort.SliceStable(p.Changes, func(i, j int) bool { return p.Changes[i].Address < p.Changes[j].Address })
	sortNotes(p.Drift)
	sortNotes(p.Warnings)
	sortNotes(p.Errors)
	return p
}

// checkWorkspace refuses to plan orders when the workspace differs from
// the one the record was made with: every order tag would change, and
// ttplan would place every order a second time.
func checkWorkspace(p *Plan, cfg *config.Config, rec *RecordEntry) bool {
	if rec.Workspace == "" || rec.Workspace == cfg.Provider.Workspace {
		return true
	}
	p.Errors = append(p.Errors, Note{Message: "the provider's workspace changed from " +
		quote(rec.Workspace) + " to " + quote(cfg.Provider.Workspace) + "; orders are tagged " +
		"with their workspace, so ttplan would place every order again. Set the workspace " +
		"back, or cancel the old orders and delete " + RecordFile + " first."})
	return false
}

// targeted reports whether address is one of targets, or an instance
// of one.
func targeted(address string, targets []string) bool {
	for _, t := range targets {
		if address == t || strings.HasPrefix(address, t+"[") {
			return true
		}
	}
	return false
}

func sortNotes(notes []Note) {
	sort.SliceStable(notes, func(i, j int) bool { return notes[i].Address < notes[j].Address })
}

// label returns the block label of an address: "nvda_dip" for both
// order.nvda_dip and order.nvda_dip["x"].
func label(address string) string {
	_, rest, _ := strings.Cut(address, ".")
	name, _, _ := strings.Cut(rest, "[")
	return name
}
