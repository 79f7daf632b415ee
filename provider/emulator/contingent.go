package emulator

import (
	"fmt"
	"slices"
	"time"
)

// Complex order types as the API spells them. PAIRS is the API's too,
// but the emulator does not serve it.
const (
	complexOCO   = "OCO"
	complexOTO   = "OTO"
	complexOTOCO = "OTOCO"
)

// complexOrder is a stored complex order. It holds the ids of its
// current components: a component that is replaced hands its place to
// the replacement and moves to Related, so the links between the
// components survive a replace.
type complexOrder struct {
	ID         int64     `json:"id"`
	Account    string    `json:"account"`
	Type       string    `json:"type"`
	TriggerID  int64     `json:"trigger-id,omitempty"` // zero for OCO
	OrderIDs   []int64   `json:"order-ids"`
	Related    []int64   `json:"related-ids,omitempty"` // replaced components
	ReceivedAt time.Time `json:"received-at"`
}

// componentIDs lists the current components, the trigger first.
func (co *complexOrder) componentIDs() []int64 {
	if co.TriggerID == 0 {
		return slices.Clone(co.OrderIDs)
	}
	return append([]int64{co.TriggerID}, co.OrderIDs...)
}

// paired reports whether the orders cancel each other: both orders of
// an OCO, and the OCO pair of an OTOCO.
func (co *complexOrder) paired() bool {
	return co.Type == complexOCO || co.Type == complexOTOCO
}

// sibling is the other order of the pair that id belongs to, or zero.
func (co *complexOrder) sibling(id int64) int64 {
	if !co.paired() || len(co.OrderIDs) != 2 {
		return 0
	}
	switch id {
	case co.OrderIDs[0]:
		return co.OrderIDs[1]
	case co.OrderIDs[1]:
		return co.OrderIDs[0]
	}
	return 0
}

// relink hands component old's place to its replacement.
func (co *complexOrder) relink(old, replacement int64) {
	if co.TriggerID == old {
		co.TriggerID = replacement
	}
	for i, id := range co.OrderIDs {
		if id == old {
			co.OrderIDs[i] = replacement
		}
	}
	co.Related = append(co.Related, old)
}

func (s store) complexOrder(id int64) (complexOrder, bool, error) {
	var co complexOrder
	found, err := s.get(bucketComplex, seqKey(id), &co)
	return co, found, err
}

func (s store) saveComplex(co complexOrder) error {
	return s.put(bucketComplex, seqKey(co.ID), co)
}

// settleComplex settles every current component of complex order id,
// the trigger first, so that what one's end does to the others is done
// before any of them is read.
func (s store) settleComplex(id int64, now time.Time) error {
	co, found, err := s.complexOrder(id)
	if err != nil || !found {
		return err
	}
	for _, cid := range co.componentIDs() {
		o, found, err := s.rawOrder(cid)
		if err != nil {
			return err
		}
		if !found {
			continue
		}
		if _, err := s.settleOrder(&o, now); err != nil {
			return err
		}
	}
	return nil
}

// cascade applies what the end of component o does to the rest of its
// complex order:
//
//   - the trigger filled in full: the Contingent orders go Live (or
//     Received while the market is closed);
//   - the trigger ended any other way: the Contingent orders are
//     Cancelled;
//   - one order of a pair filled in full: the other is Cancelled.
//
// A partial fill changes nothing, nor does the end of a pair's order
// other than a fill. The changes are dated when o ended.
func (s store) cascade(o order, now time.Time) error {
	if !o.component() || o.working() {
		return nil
	}
	co, found, err := s.complexOrder(o.ComplexID)
	if err != nil || !found {
		return err
	}
	at := o.TerminalAt
	if at.IsZero() {
		at = now
	}

	switch {
	case o.ID == co.TriggerID && o.Status == statusFilled:
		return s.eachWorking(co.OrderIDs, now, func(c *order) bool {
			if c.Status != statusContingent {
				return false
			}
			// Its day begins now, even while it waits in Received for
			// the open: a Day order released after the close must not
			// count from when the complex order was placed.
			c.Status, c.UpdatedAt, c.LiveAt = s.openStatus(), at, at
			return true
		})
	case o.ID == co.TriggerID:
		return s.eachWorking(co.OrderIDs, now, func(c *order) bool {
			c.end(statusCancelled, at)
			return true
		})
	case o.Status == statusFilled && co.sibling(o.ID) != 0:
		return s.eachWorking([]int64{co.sibling(o.ID)}, now, func(c *order) bool {
			c.end(statusCancelled, at)
			return true
		})
	}
	return nil
}

// eachWorking settles each of the orders ids and calls change on those
// still working, storing the ones it changed.
func (s store) eachWorking(ids []int64, now time.Time, change func(*order) bool) error {
	for _, id := range ids {
		o, found, err := s.rawOrder(id)
		if err != nil {
			return err
		}
		if !found {
			return fmt.Errorf("complex order component %d: %w", id, ErrNotFound)
		}
		if _, err := s.settleOrder(&o, now); err != nil {
			return err
		}
		if !o.working() || !change(&o) {
			continue
		}
		if err := s.saveOrder(o); err != nil {
			return err
		}
	}
	return nil
}
