package reconcile

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strconv"
	"time"

	"github.com/ttplan/ttplan/internal/atomicfile"
	"github.com/ttplan/ttplan/provider"
)

// SavedFormatVersion is the version of the plan file format.
const SavedFormatVersion = "1.0"

// SavedPlan is a plan written to a file by "plan -out", to be applied
// later exactly as reviewed. It holds what the plan was made from (the
// configuration files, the variable values, a fingerprint of every live
// object read) and what apply needs to carry it out, and nothing secret:
// sensitive variables are kept as a mark, without their value.
type SavedPlan struct {
	FormatVersion string    `json:"format_version"`
	ID            string    `json:"id"`
	Version       string    `json:"ttplan_version"`
	Created       time.Time `json:"created"`

	// Provider is where the plan was made, so apply talks to the same
	// environment and record entry.
	Provider SavedProvider `json:"provider"`

	// Configuration maps file names to their content.
	Configuration map[string]string        `json:"configuration"`
	Variables     map[string]SavedVariable `json:"variables"`

	// HistorySince is the day order history was searched from, if it was.
	HistorySince time.Time `json:"history_since,omitzero"`

	// Fingerprints identify every live object the plan read.
	Fingerprints Fingerprints `json:"fingerprints"`

	// Plan is the plan as shown; Actions and Seen are what apply needs.
	Plan    *Document     `json:"plan"`
	Actions []savedAction `json:"actions"`
	Seen    []int64       `json:"seen_orders"`

	// Finished lists the orders that had reached a terminal status when
	// the plan was made.
	Finished []int64 `json:"finished_orders"`
}

// SavedProvider is the provider block a saved plan was made with.
type SavedProvider struct {
	Environment string `json:"environment"`
	Endpoint    string `json:"endpoint,omitempty"`
	Workspace   string `json:"workspace"`
	RecordKey   string `json:"record_key"`
}

// SavedVariable is one variable's value, or only the mark of a sensitive
// one.
type SavedVariable struct {
	Value     json.RawMessage `json:"value,omitempty"`
	Sensitive bool            `json:"sensitive,omitempty"`
}

// savedAction is a change with what apply needs to carry it out.
type savedAction struct {
	Address   string       `json:"address"`
	Order     *orderOp     `json:"order,omitempty"`
	Watchlist *watchlistOp `json:"watchlist,omitempty"`
}

// Fingerprints are hashes of live objects, by kind and identity.
type Fingerprints struct {
	Accounts   []string          `json:"accounts"`
	Watchlists map[string]string `json:"watchlists"`
	Orders     map[string]string `json:"orders"`
}

// Save builds the saved form of p, made from st.
func Save(p *Plan, st *State, prov SavedProvider, version string, files map[string]string, vars map[string]SavedVariable) (*SavedPlan, error) {
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return nil, err
	}
	add, change, destroy := p.Summary()
	sp := &SavedPlan{
		FormatVersion: SavedFormatVersion,
		ID:            hex.EncodeToString(id),
		Version:       version,
		Created:       time.Now().UTC(),
		Provider:      prov,
		Configuration: files,
		Variables:     vars,
		HistorySince:  st.HistorySince,
		Fingerprints:  Fingerprint(st),
		Plan: &Document{FormatVersion: FormatVersion, Version: version, Plan: withEmptyLists(p),
			Summary: Summary{Add: add, Change: change, Destroy: destroy}},
		Seen: slices.Sorted(maps.Keys(p.seen)),
	}
	for _, o := range st.Orders {
		if o.Status.Terminal() {
			sp.Finished = append(sp.Finished, o.ID)
		}
	}
	slices.Sort(sp.Finished)
	for _, c := range p.Changes {
		sp.Actions = append(sp.Actions, savedAction{Address: c.Address, Order: c.order, Watchlist: c.watchlist})
	}
	return sp, nil
}

// WriteFile writes the saved plan, readable by its owner only.
func (sp *SavedPlan) WriteFile(path string) error {
	data, err := json.MarshalIndent(sp, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, append(data, '\n'), 0o600)
}

// LoadSaved reads a plan file.
func LoadSaved(path string) (*SavedPlan, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read plan file: %w", err)
	}
	var sp SavedPlan
	if err := json.Unmarshal(data, &sp); err != nil {
		return nil, fmt.Errorf("read plan file %s: not a ttplan plan file: %w", path, err)
	}
	if sp.FormatVersion != SavedFormatVersion || sp.Plan == nil || sp.Plan.Plan == nil {
		return nil, fmt.Errorf("read plan file %s: format %q is not one this ttplan reads (%s)",
			path, sp.FormatVersion, SavedFormatVersion)
	}
	if len(sp.Actions) != len(sp.Plan.Changes) {
		return nil, fmt.Errorf("read plan file %s: %d actions for %d changes", path, len(sp.Actions), len(sp.Plan.Changes))
	}
	return &sp, nil
}

// Restore returns the plan, able to be applied.
func (sp *SavedPlan) Restore() (*Plan, error) {
	p := sp.Plan.Plan
	p.seen = map[int64]bool{}
	for _, id := range sp.Seen {
		p.seen[id] = true
	}
	for i, c := range p.Changes {
		a := sp.Actions[i]
		if err := verifyAction(sp.Provider.Workspace, c, a); err != nil {
			return nil, fmt.Errorf("plan file: %s: %w; nothing was changed", c.Address, err)
		}
		c.order, c.watchlist = a.Order, a.Watchlist
	}
	return p, nil
}

// verifyAction checks that what apply would do is what the plan shows:
// the orders it places are the orders shown, tagged for their address in
// the workspace, and the orders it replaces or cancels are the ones shown
// and the workspace's own. An edited plan file cannot place or cancel an
// order nobody reviewed.
func verifyAction(workspace string, c *Change, a savedAction) error {
	if a.Address != c.Address || (a.Order == nil) == (a.Watchlist == nil) {
		return errors.New("the action does not match the change shown")
	}
	if a.Watchlist != nil {
		return verifyWatchlistAction(c, a.Watchlist)
	}

	op := a.Order
	if c.Kind != "order" {
		return errors.New("an order action on a change that is not an order")
	}
	if c.Action != Delete {
		if op.Spec.ExternalIdentifier != OrderTag(workspace, c.Address) {
			return errors.New("the order to place does not carry the tag of its address")
		}
		if !sameObject(orderObject(op.Account, 0, op.Spec), c.After) {
			return errors.New("the order to place is not the order shown")
		}
	}
	if c.Action != Create {
		if op.Live == nil || !ownedBy(op.Live.ExternalIdentifier, workspace) {
			return errors.New("the order to replace or cancel is not this workspace's")
		}
		if id := c.Before.Get("id"); id == nil || id.Value != strconv.FormatInt(op.Live.ID, 10) {
			return errors.New("the order to replace or cancel is not the order shown")
		}
	}
	return nil
}

func verifyWatchlistAction(c *Change, op *watchlistOp) error {
	if c.Kind != "watchlist" {
		return errors.New("a watchlist action on a change that is not a watchlist")
	}
	if c.Action != Delete && !sameObject(watchlistObject(op.Desired, c.After.Get("group") != nil), c.After) {
		return errors.New("the watchlist to write is not the one shown")
	}
	if c.Action != Create {
		if name := c.Before.Get("name"); name == nil || name.Value != quote(op.OldName) {
			return errors.New("the watchlist to change is not the one shown")
		}
	}
	return nil
}

// Fingerprint hashes every live object of st.
func Fingerprint(st *State) Fingerprints {
	f := Fingerprints{Watchlists: map[string]string{}, Orders: map[string]string{}}
	for _, a := range st.Accounts {
		f.Accounts = append(f.Accounts, a.Number)
	}
	slices.Sort(f.Accounts)
	for _, w := range st.Watchlists {
		f.Watchlists[w.Name] = hashJSON(w)
	}
	for _, o := range st.Orders {
		f.Orders[strconv.FormatInt(o.ID, 10)] = hashJSON(o)
	}
	return f
}

// Moved lists what differs between the fingerprints a plan was made from
// and those of the account now, as far as it matters to the plan: an
// object the plan read that changed or went away (a finished order
// leaving today's live list excepted), and a new order carrying a tag of
// the workspace, or a new watchlist the plan would create.
func (sp *SavedPlan) Moved(now *State) []string {
	var moved []string
	cur := Fingerprint(now)
	if !slices.Equal(sp.Fingerprints.Accounts, cur.Accounts) {
		moved = append(moved, "the accounts the credentials can see changed")
	}

	for name, h := range sp.Fingerprints.Watchlists {
		if cur.Watchlists[name] != h {
			moved = append(moved, fmt.Sprintf("watchlist %q changed", name))
		}
	}
	for name := range cur.Watchlists {
		if _, ok := sp.Fingerprints.Watchlists[name]; !ok && sp.touchesWatchlist(name) {
			moved = append(moved, fmt.Sprintf("watchlist %q appeared", name))
		}
	}

	byID := map[string]provider.Order{}
	for _, o := range now.Orders {
		byID[strconv.FormatInt(o.ID, 10)] = o
	}
	for id, h := range sp.Fingerprints.Orders {
		o, ok := byID[id]
		switch {
		case ok && hashJSON(o) != h:
			moved = append(moved, fmt.Sprintf("order %s changed (now %s)", id, o.Status))
		case !ok && !sp.wasFinished(id):
			moved = append(moved, fmt.Sprintf("order %s is no longer listed", id))
		}
	}
	for id, o := range byID {
		if _, ok := sp.Fingerprints.Orders[id]; !ok && ownedBy(o.ExternalIdentifier, sp.Provider.Workspace) {
			moved = append(moved, fmt.Sprintf("order %s with a ttplan tag appeared", id))
		}
	}
	slices.Sort(moved)
	return moved
}

// touchesWatchlist reports whether the plan creates a watchlist name.
func (sp *SavedPlan) touchesWatchlist(name string) bool {
	for _, a := range sp.Actions {
		if a.Watchlist != nil && a.Watchlist.Desired.Name == name {
			return true
		}
	}
	return false
}

// wasFinished reports whether order id had reached a terminal status when
// the plan was made: such an order may leave the live list the next day.
func (sp *SavedPlan) wasFinished(id string) bool {
	for _, a := range sp.Actions {
		if a.Order != nil && a.Order.Live != nil && strconv.FormatInt(a.Order.Live.ID, 10) == id {
			return false
		}
	}
	n, err := strconv.ParseInt(id, 10, 64)
	return err == nil && slices.Contains(sp.Finished, n)
}

func hashJSON(v any) string {
	data, _ := json.Marshal(v)
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
