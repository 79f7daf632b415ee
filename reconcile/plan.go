package reconcile

import (
	"maps"
	"slices"

	"github.com/ttplan/ttplan/provider"
)

// Action is what apply will do to one object.
type Action string

// Actions, with the symbol each is shown with.
const (
	// Create places a new order or creates a watchlist: "+".
	Create Action = "create"

	// Update changes an object in place: "~". For an order this is the
	// broker's cancel-replace, which gives the order a new id; the order
	// never stops standing.
	Update Action = "update"

	// Replace cancels an order, then places it again: "-/+". Used when
	// the legs, the quantity or the account change, which the broker
	// cannot replace.
	Replace Action = "replace"

	// CreateThenDelete creates the new object before it deletes the old
	// one: "+/-". Used to rename a watchlist, so that a failed create
	// loses nothing.
	CreateThenDelete Action = "create-then-delete"

	// Delete cancels an order or deletes a watchlist: "-".
	Delete Action = "delete"
)

// Symbol is the marker the plan shows for the action.
func (a Action) Symbol() string {
	switch a {
	case Create:
		return "+"
	case Update:
		return "~"
	case Replace:
		return "-/+"
	case CreateThenDelete:
		return "+/-"
	case Delete:
		return "-"
	}
	return "?"
}

// Plan is everything apply would do, and what ttplan noticed on the way.
// It is built by Diff from values already read; making one changes
// nothing.
type Plan struct {
	// Changes are the actions to take, sorted by address. No-ops are not
	// listed.
	Changes []*Change `json:"resource_changes"`

	// Drift lists what changed outside ttplan that needs no action, such
	// as a declared order that has filled. Sorted by address.
	Drift []Note `json:"drift"`

	// Warnings are shown to the user and block nothing.
	Warnings []Note `json:"warnings"`

	// Errors block the plan: an object ttplan cannot reason about safely
	// (an order status it does not know, say) is neither touched nor
	// left to look settled. Apply refuses a plan with errors.
	Errors []Note `json:"errors"`

	// Impact totals the dry runs of the changes; nil when none ran.
	Impact *Impact `json:"impact_totals,omitempty"`

	// PreventDestroy lists the addresses lifecycle.prevent_destroy
	// protects, sorted, for apply to remember.
	PreventDestroy []string `json:"prevent_destroy,omitempty"`

	// seen holds the ids of every order the plan was made from, so that
	// apply can tell an order it placed from one it already knew.
	seen map[int64]bool
}

// Note is a message about one address, or about the plan as a whole when
// Address is empty.
type Note struct {
	Address string `json:"address,omitempty"`
	Message string `json:"message"`
}

// Change is one planned action on one object.
type Change struct {
	// Address names the object: watchlist.LABEL or order.LABEL, with
	// ["KEY"] under for_each. An order whose block was removed and that
	// the record does not name gets an address built from its tag.
	Address string `json:"address"`

	// Kind is "watchlist", "order", "oco", "oto" or "otoco"; Label is
	// the block label. Together they make the header line: order
	// "nvda_dip".
	Kind  string `json:"type"`
	Label string `json:"name"`

	Action Action `json:"action"`

	// Reason says why, when the action alone does not: "cancelled
	// outside ttplan", "not in the configuration".
	Reason string `json:"reason,omitempty"`

	// Before and After are the object's attributes as shown to the user.
	// Before is nil for a create, After for a delete.
	Before *Object `json:"before"`
	After  *Object `json:"after"`

	// ForcesReplacement names the attributes whose change makes this a
	// Replace or CreateThenDelete rather than an Update.
	ForcesReplacement []string `json:"forces_replacement,omitempty"`

	// Impact is what the broker's dry run says the change would do;
	// nil when no dry run ran.
	Impact *Impact `json:"impact,omitempty"`

	// sends caches placements.
	sends []*placement

	order     *orderOp
	watchlist *watchlistOp
	complex   *complexOp
}

// orderOp is what apply needs to act on an order.
type orderOp struct {
	// Live is the standing order to replace or cancel; nil for a create.
	Live *provider.Order

	// Account and Spec are the order to place, or what to replace Live
	// with; empty for a delete.
	Account string
	Spec    provider.OrderSpec

	// Sensitive names the arguments of Spec that came from sensitive
	// variables. A plan file holds Spec without them; apply takes them
	// from the configuration again.
	Sensitive []string `json:",omitempty"`

	// Rearm is the block's rearm counter, part of the tag's identity.
	Rearm int `json:",omitempty"`
}

// watchlistOp is what apply needs to act on a watchlist.
type watchlistOp struct {
	// OldName is the live name to replace or delete; empty for a create.
	OldName string

	// Desired is the full watchlist to create or PUT.
	Desired provider.Watchlist

	// Sensitive names the arguments, "group" or "symbols", that came
	// from sensitive variables; a plan file holds Desired without them.
	Sensitive []string `json:",omitempty"`
}

// Summary counts the plan the way Terraform does: a replacement is one
// add and one destroy.
func (p *Plan) Summary() (add, change, destroy int) {
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			add++
		case Update:
			change++
		case Replace, CreateThenDelete:
			add++
			destroy++
		case Delete:
			destroy++
		}
	}
	return add, change, destroy
}

// HasChanges reports whether apply would do anything.
func (p *Plan) HasChanges() bool { return len(p.Changes) > 0 }

// Object is an object's attributes in the order they are shown.
type Object struct {
	Attrs []Attr `json:"attributes"`
}

// Attr is one attribute or nested block. Exactly one of Value, List and
// Blocks is meaningful, as Kind says.
type Attr struct {
	Name string   `json:"name"`
	Kind AttrKind `json:"kind"`

	// Value is an HCL literal: "\"limit\"", "95.5", "10".
	Value string `json:"value,omitempty"`

	// List holds the literals of a list attribute.
	List []string `json:"list,omitempty"`

	// Blocks holds nested blocks, such as an order's legs.
	Blocks []*Object `json:"blocks,omitempty"`

	// Sensitive marks a value that came from a sensitive variable. It is
	// not shown, here or anywhere: Value, List and Blocks are empty and
	// Kind is Scalar.
	Sensitive bool `json:"sensitive,omitempty"`

	// Changed tells, for a sensitive attribute of an update's after
	// object, that its hidden value differs from the one before.
	Changed bool `json:"changed,omitempty"`
}

// AttrKind tells how an Attr is shown.
type AttrKind string

// Attribute kinds.
const (
	Scalar AttrKind = "scalar"
	List   AttrKind = "list"
	Blocks AttrKind = "blocks"

	// Computed is a value known only after apply, such as a new id.
	Computed AttrKind = "computed"
)

// Get returns the attribute called name, or nil.
func (o *Object) Get(name string) *Attr {
	if o == nil {
		return nil
	}
	for i := range o.Attrs {
		if o.Attrs[i].Name == name {
			return &o.Attrs[i]
		}
	}
	return nil
}

// Accounts lists the account numbers the plan's orders stand in or will
// stand in, sorted.
func (p *Plan) Accounts() []string {
	set := map[string]bool{}
	for _, c := range p.Changes {
		if op := c.complex; op != nil {
			if op.Account != "" {
				set[op.Account] = true
			}
			for _, o := range op.Live {
				set[o.AccountNumber] = true
			}
			continue
		}
		if c.order == nil {
			continue
		}
		if c.order.Account != "" {
			set[c.order.Account] = true
		}
		if c.order.Live != nil {
			set[c.order.Live.AccountNumber] = true
		}
	}
	return slices.Sorted(maps.Keys(set))
}
