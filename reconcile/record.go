package reconcile

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ttplan/ttplan/internal/atomicfile"
)

// RecordFile is where, under the configuration directory, ttplan keeps
// what it has managed.
const RecordFile = ".ttplan/record.json"

// Record remembers, per environment, which objects ttplan has managed. It
// is the only thing ttplan trusts for watchlist ownership: a watchlist
// removed from the configuration is deleted only if the record says ttplan
// managed it. Orders carry their own tag; the record only remembers the
// address behind each tag, so that a removed block can be named.
type Record struct {
	Version      int                     `json:"version"`
	Environments map[string]*RecordEntry `json:"environments"`

	path string
}

// RecordEntry is the record of one environment (see Key).
type RecordEntry struct {
	Workspace string `json:"workspace,omitempty"`

	// Watchlists maps the live name of every watchlist ttplan manages to
	// the address that declares it. A name whose address no longer
	// declares it was renamed or removed, and is ttplan's to delete.
	Watchlists map[string]string `json:"watchlists,omitempty"`

	// WatchlistDigests maps a managed watchlist's name to the digest of
	// its group and entries as ttplan last wrote them, so that a plan can
	// tell an edit made in the app.
	WatchlistDigests map[string]string `json:"watchlist_digests,omitempty"`

	// Orders maps an order tag to what ttplan knows of it.
	Orders map[string]RecordOrder `json:"orders,omitempty"`

	// PreventDestroy lists the addresses whose blocks set
	// lifecycle.prevent_destroy, as of the last apply. It keeps protecting
	// an address after its block is removed.
	PreventDestroy []string `json:"prevent_destroy,omitempty"`

	// AppliedPlans lists the ids of the saved plans applied, or begun to
	// be applied: a plan file is applied once at most.
	AppliedPlans []string `json:"applied_plans,omitempty"`
}

// RecordOrder is what the record keeps of one order tag.
type RecordOrder struct {
	// Address is the block that declared the tag.
	Address string `json:"address"`

	// FirstPlaced is the New York date ttplan first placed an order with
	// this tag. Order history is searched from there, so a fill older
	// than today's live list is still found.
	FirstPlaced string `json:"first_placed"`

	// Cancelled lists the orders ttplan itself asked the broker to
	// cancel, so a plan can tell its own cancels from the user's.
	Cancelled []int64 `json:"cancelled,omitempty"`
}

// LoadRecord reads the record under dir. A missing file is an empty
// record.
func LoadRecord(dir string) (*Record, error) {
	r := &Record{Version: 1, Environments: map[string]*RecordEntry{}, path: filepath.Join(dir, RecordFile)}

	data, err := os.ReadFile(r.path)
	if errors.Is(err, fs.ErrNotExist) {
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read record: %w", err)
	}

	if err := json.Unmarshal(data, r); err != nil {
		return nil, fmt.Errorf("read record %s: %w", r.path, err)
	}
	if r.Version != 1 {
		return nil, fmt.Errorf("read record %s: unsupported version %d", r.path, r.Version)
	}
	if r.Environments == nil {
		r.Environments = map[string]*RecordEntry{}
	}
	return r, nil
}

// Entry returns the entry for key, creating an empty one.
func (r *Record) Entry(key string) *RecordEntry {
	e := r.Environments[key]
	if e == nil {
		e = &RecordEntry{}
		r.Environments[key] = e
	}
	if e.Watchlists == nil {
		e.Watchlists = map[string]string{}
	}
	if e.Orders == nil {
		e.Orders = map[string]RecordOrder{}
	}
	return e
}

// Save writes the record atomically: a crash leaves the old record or the
// new one, never half of either.
func (r *Record) Save() error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}

	if err := atomicfile.WriteFile(r.path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("write record: %w", err)
	}
	return nil
}
