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

	"github.com/ttplan/ttplan/config"
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

	// Forced records that the plan was made with -force: apply lets it
	// exceed the limits as the plan did, and no further.
	Forced bool `json:"forced,omitempty"`
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
	Complex   *complexOp   `json:"complex,omitempty"`
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
		sp.Actions = append(sp.Actions, savedActionOf(c))
	}
	return sp, nil
}

// savedActionOf is what the plan file keeps of c's action: all of it,
// except values that came from sensitive variables. Of an order to
// replace or cancel whose values may tell them, it keeps only the id and
// the tag; apply reads the rest again.
func savedActionOf(c *Change) savedAction {
	a := savedAction{Address: c.Address, Order: c.order, Watchlist: c.watchlist, Complex: stripComplex(c.complex)}
	if op := c.order; op != nil && len(op.Sensitive) > 0 {
		stripped := *op
		stripped.Spec = withoutSensitive(op.Spec, op.Sensitive)
		if op.Live != nil {
			stripped.Live = &provider.Order{ID: op.Live.ID, AccountNumber: op.Live.AccountNumber,
				Status: op.Live.Status, OrderSpec: provider.OrderSpec{ExternalIdentifier: op.Live.ExternalIdentifier}}
		}
		a.Order = &stripped
	}
	if op := c.watchlist; op != nil && len(op.Sensitive) > 0 {
		stripped := *op
		stripped.Desired = withoutSensitiveWatchlist(op.Desired, op.Sensitive)
		a.Watchlist = &stripped
	}
	return a
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
//
// cfg is the configuration evaluated again for this apply: the values
// that came from sensitive variables, which the file does not hold, are
// taken from it, and must be sensitive there still. now is the account
// read again, already checked against the plan's fingerprints: each
// order to replace or cancel is taken from it by id. A nil now keeps the
// orders the file holds. rec is the record entry the plan belongs to: an
// order to replace or cancel must carry the tag of the change's address,
// as the configuration declares it or as the record remembers it.
func (sp *SavedPlan) Restore(cfg *config.Config, now *State, rec *RecordEntry) (*Plan, error) {
	p := sp.Plan.Plan
	p.seen = map[int64]bool{}
	for _, id := range sp.Seen {
		p.seen[id] = true
	}
	for i, c := range p.Changes {
		a := sp.Actions[i]
		var err error
		if a.Complex != nil {
			if a.Address != c.Address || a.Order != nil || a.Watchlist != nil {
				err = errors.New("the action does not match the change shown")
			} else {
				err = fillComplex(sp.Provider.Workspace, sp.Version, c, a.Complex, cfg, now, rec)
			}
		} else {
			err = fillSensitive(a, cfg)
			if err == nil {
				err = verifyAction(sp.Provider.Workspace, c, a, rec)
			}
		}
		if err == nil && a.Order != nil && a.Order.Live != nil && now != nil {
			err = refreshLive(a.Order, now)
		}
		if err != nil {
			return nil, fmt.Errorf("plan file: %s: %w; nothing was changed", c.Address, err)
		}
		c.order, c.watchlist, c.complex = a.Order, a.Watchlist, a.Complex
	}
	return p, nil
}

// stripComplex is op without sensitive values: the specs to place lose
// them, and standing components keep only their id, tag and status.
func stripComplex(op *complexOp) *complexOp {
	if op == nil || op.Sensitive == nil {
		return op
	}
	out := *op
	if op.Spec != nil {
		spec := *op.Spec
		if spec.Trigger != nil {
			t := withoutSensitive(*spec.Trigger, op.Sensitive[0])
			spec.Trigger = &t
		}
		spec.Orders = nil
		for i := range op.Names {
			if op.Spec.Trigger != nil && i == 0 {
				continue
			}
			spec.Orders = append(spec.Orders, withoutSensitive(op.specOf(i), op.Sensitive[i]))
		}
		out.Spec = &spec
	}
	out.Live = nil
	for _, o := range op.Live {
		out.Live = append(out.Live, bareOrder(o))
	}
	out.Updates = nil
	for _, u := range op.Updates {
		stripped := *u
		stripped.Spec = withoutSensitive(u.Spec, u.Sensitive)
		l := bareOrder(*u.Live)
		stripped.Live = &l
		out.Updates = append(out.Updates, &stripped)
	}
	return &out
}

// bareOrder keeps of o what tells which order it is, and nothing a
// sensitive value could be read from.
func bareOrder(o provider.Order) provider.Order {
	return provider.Order{ID: o.ID, AccountNumber: o.AccountNumber, Status: o.Status,
		ComplexOrderID: o.ComplexOrderID, OrderSpec: provider.OrderSpec{ExternalIdentifier: o.ExternalIdentifier}}
}

// fillComplex rebuilds a complex action from what this apply can trust:
// the orders to place from the configuration (checked to be the one the
// plan was made from, and evaluated again with the sensitive values), and
// the orders to cancel or replace from the account as read again. What
// the file says of them only has to agree: it must be the action shown,
// on this workspace's orders.
func fillComplex(workspace, version string, c *Change, op *complexOp, cfg *config.Config, now *State, rec *RecordEntry) error {
	if c.Kind == "order" || c.Kind == "watchlist" {
		return errors.New("a complex order action on a change that is not a complex order")
	}
	if c.Action == Replace || c.Action == Delete {
		id := shownID(c.Before)
		if id == 0 || id != op.LiveID {
			return errors.New("the complex order to cancel is not the one shown")
		}
		live := op.Live
		if now != nil {
			live = nil
			for _, o := range now.Orders {
				if o.ComplexOrderID == id {
					live = append(live, o)
				}
			}
		}
		if len(live) == 0 {
			return fmt.Errorf("complex order %d is no longer listed", id)
		}
		var declared []string
		if cfg != nil {
			for _, x := range cfg.ComplexOrders {
				if x.Address == c.Address {
					declared = newComplexOp(x, workspace, version).Tags
				}
			}
		}
		for _, o := range live {
			if !ownedBy(o.ExternalIdentifier, workspace) || o.ComplexOrderID != id {
				return errors.New("the complex order to cancel is not this workspace's")
			}
			if !slices.Contains(declared, o.ExternalIdentifier) && !recordedAt(rec, o.ExternalIdentifier, c.Address) {
				return errors.New("the complex order to cancel is not the one of its address")
			}
		}
		op.Live = live
	}
	if c.Action == Delete {
		return nil
	}

	var co *config.ComplexOrder
	if cfg != nil {
		for _, x := range cfg.ComplexOrders {
			if x.Address == c.Address {
				co = x
			}
		}
	}
	if co == nil {
		return errors.New("no block declares it any more")
	}
	fresh := newComplexOp(co, workspace, version)
	if !slices.Equal(fresh.Tags, op.Tags) {
		return errors.New("its components do not carry the tags of its block")
	}
	if !slices.EqualFunc(fresh.Sensitive, op.Sensitive, slices.Equal[[]string]) {
		return errors.New("which of its values are sensitive changed since the plan")
	}
	op.Names, op.Sensitive, op.Account, op.Rearm = fresh.Names, fresh.Sensitive, fresh.Account, fresh.Rearm

	if c.Action != Update {
		op.Spec = fresh.Spec
		if c.After == nil || !sameObject(dropID(hidden(complexObject(op, op.Account, 0, nil), op)), dropID(c.After)) {
			return errors.New("the complex order to place is not the one shown")
		}
		return nil
	}

	id := shownID(c.Before)
	if len(op.Updates) == 0 {
		return errors.New("an update with nothing to replace")
	}
	for _, u := range op.Updates {
		i := fresh.index(u.Spec.ExternalIdentifier)
		if i < 0 || u.Live == nil {
			return errors.New("a component to replace is not one of its block")
		}
		live := *u.Live
		if now != nil {
			found := findOrder(now, live)
			if found == nil {
				return fmt.Errorf("order %d is no longer listed", live.ID)
			}
			live = *found
		}
		if live.ComplexOrderID != id || live.ExternalIdentifier != fresh.Tags[i] {
			return errors.New("the component to replace is not the one shown")
		}
		u.Live, u.Account, u.Spec, u.Sensitive = &live, co.Account, fresh.specOf(i), sensitiveAt(fresh, i)
	}
	op.Spec = nil
	if c.After == nil || !sameObject(hidden(complexObject(fresh, co.Account, id, nil), fresh), c.After) {
		return errors.New("the complex order shown is not the configuration's")
	}
	return nil
}

// shownID is the id attribute of an object shown in the plan, or 0.
func shownID(o *Object) int64 {
	a := o.Get("id")
	if a == nil {
		return 0
	}
	id, err := strconv.ParseInt(a.Value, 10, 64)
	if err != nil {
		return 0
	}
	return id
}

// findOrder returns o as now shows it, or nil when now does not list it.
func findOrder(now *State, o provider.Order) *provider.Order {
	for i := range now.Orders {
		if now.Orders[i].ID == o.ID {
			return &now.Orders[i]
		}
	}
	return nil
}

// dropID is o without its id attribute, which a plan to place shows as
// known after apply.
func dropID(o *Object) *Object {
	out := &Object{}
	for _, a := range o.Attrs {
		if a.Name != "id" {
			out.Attrs = append(out.Attrs, a)
		}
	}
	return out
}

// fillSensitive puts back into a the values the plan file left out,
// from the configuration.
func fillSensitive(a savedAction, cfg *config.Config) error {
	var names []string
	var order *config.Order
	var list *config.Watchlist
	if cfg != nil {
		for _, o := range cfg.Orders {
			if o.Address == a.Address {
				order, names = o, o.Sensitive
			}
		}
		for _, w := range cfg.Watchlists {
			if w.Address == a.Address {
				list, names = w, w.Sensitive
			}
		}
	}

	switch {
	case a.Order != nil && a.Order.Spec.ExternalIdentifier != "":
		// An order to place: its sensitive values come from the
		// configuration.
		if !slices.Equal(names, a.Order.Sensitive) {
			return errors.New("which of its values are sensitive changed since the plan")
		}
		if len(names) > 0 {
			if len(order.Spec.Legs) != len(a.Order.Spec.Legs) {
				return errors.New("its legs changed since the plan")
			}
			copySensitive(&a.Order.Spec, order.Spec, names)
		}
	case a.Watchlist != nil && a.Watchlist.Desired.Name != "":
		if !slices.Equal(names, a.Watchlist.Sensitive) {
			return errors.New("which of its values are sensitive changed since the plan")
		}
		if slices.Contains(names, "group") {
			a.Watchlist.Desired.GroupName = list.Group
		}
		if slices.Contains(names, "symbols") {
			a.Watchlist.Desired.Entries = list.Entries
		}
	}
	return nil
}

// refreshLive replaces the order op acts on with the same order as the
// account shows it now.
func refreshLive(op *orderOp, now *State) error {
	for _, o := range now.Orders {
		if o.ID == op.Live.ID {
			if o.ExternalIdentifier != op.Live.ExternalIdentifier {
				return fmt.Errorf("order %d no longer carries its tag", o.ID)
			}
			op.Live = &o
			return nil
		}
	}
	return fmt.Errorf("order %d is no longer listed", op.Live.ID)
}

// verifyAction checks that what apply would do is what the plan shows:
// the orders it places are the orders shown, tagged for their address in
// the workspace, and the orders it replaces or cancels are the ones shown
// and the workspace's own. An edited plan file cannot place or cancel an
// order nobody reviewed.
func verifyAction(workspace string, c *Change, a savedAction, rec *RecordEntry) error {
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
		if op.Spec.ExternalIdentifier != OrderTag(workspace, orderIdentity(c.Address, op.Rearm)) {
			return errors.New("the order to place does not carry the tag of its address")
		}
		shown := orderObject(op.Account, 0, op.Spec)
		addRearm(shown, op.Rearm)
		hideSensitive(nil, shown, op.Sensitive)
		if !sameObject(shown, c.After) {
			return errors.New("the order to place is not the order shown")
		}
	}
	if c.Action != Create {
		if op.Live == nil || !ownedBy(op.Live.ExternalIdentifier, workspace) {
			return errors.New("the order to replace or cancel is not this workspace's")
		}
		tag := op.Live.ExternalIdentifier
		if tag != OrderTag(workspace, orderIdentity(c.Address, op.Rearm)) && !recordedAt(rec, tag, c.Address) {
			return errors.New("the order to replace or cancel is not the one of its address")
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
	if c.Action != Delete {
		shown := watchlistObject(op.Desired, c.After.Get("group") != nil)
		hideSensitive(nil, shown, op.Sensitive)
		if !sameObject(shown, c.After) {
			return errors.New("the watchlist to write is not the one shown")
		}
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
		case ok && hashJSON(o) != h && o.FilledQuantity().IsPositive() && o.Status != provider.StatusFilled:
			moved = append(moved, fmt.Sprintf("order %s changed (now %s, partly filled)", id, o.Status))
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

// recordedAt reports whether the record remembers tag as placed for the
// block at address, or for one of its components.
func recordedAt(rec *RecordEntry, tag, address string) bool {
	if rec == nil {
		return false
	}
	a, ok := rec.Orders[tag]
	return ok && baseAddress(a.Address) == address
}
