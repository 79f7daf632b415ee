package emulator

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/hashicorp/go-hclog"
	bolt "go.etcd.io/bbolt"
)

// defaultOpenTimeout is how long Open waits for another process to
// release the store before it gives up.
const defaultOpenTimeout = 10 * time.Second

// Options configures an Emulator.
type Options struct {
	// Logger receives one debug line per served request. Nil means a
	// null logger. Secrets are never logged.
	Logger hclog.Logger

	// Now is the wall clock. Nil means time.Now. The emulator adds the
	// clock offset stored by Advance, so the emulated time is shared by
	// every process that opens the same store.
	Now func() time.Time

	// OpenTimeout bounds how long Open waits for the store's file lock
	// while another process holds it. Zero means ten seconds.
	OpenTimeout time.Duration
}

// Emulator is a tastytrade API emulator whose state lives in a bbolt
// file. It is safe for concurrent use: every request runs in one bbolt
// update transaction, and bbolt serialises those.
type Emulator struct {
	db  *bolt.DB
	log hclog.Logger
	now func() time.Time
}

// Open opens the emulator store at path, creating it and seeding the
// demo customer if it is new. While another process holds the store,
// Open waits up to Options.OpenTimeout and then fails.
func Open(path string, opts Options) (*Emulator, error) {
	timeout := opts.OpenTimeout
	if timeout <= 0 {
		timeout = defaultOpenTimeout
	}

	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: timeout})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("open emulator store %s: still in use by another process after %s", path, timeout)
	}
	if err != nil {
		return nil, fmt.Errorf("open emulator store %s: %w", path, err)
	}

	e := &Emulator{db: db, log: opts.Logger, now: opts.Now}
	if e.log == nil {
		e.log = hclog.NewNullLogger()
	}
	if e.now == nil {
		e.now = time.Now
	}

	if err := db.Update(func(tx *bolt.Tx) error { return seedIfNew(tx) }); err != nil {
		db.Close()
		return nil, fmt.Errorf("seed emulator store %s: %w", path, err)
	}
	return e, nil
}

// Close releases the store so that another process can open it.
func (e *Emulator) Close() error {
	return e.db.Close()
}

// Handler returns the HTTP handler serving the emulated API and the
// /_emulator/ hooks.
func (e *Emulator) Handler() http.Handler {
	return http.HandlerFunc(e.serveHTTP)
}

// Reset returns the store to its seeded state: the demo customer with
// its positions, no orders or watchlists, no tokens, no faults, an empty
// request log and no clock offset.
func (e *Emulator) Reset() error {
	err := e.db.Update(func(tx *bolt.Tx) error {
		for _, name := range allBuckets {
			if tx.Bucket(name) == nil {
				continue
			}
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
		}
		return seedIfNew(tx)
	})
	if err != nil {
		return fmt.Errorf("reset emulator: %w", err)
	}
	return nil
}

// Advance moves the emulator clock forward by d. The offset is stored,
// so it holds for every later run and every process.
func (e *Emulator) Advance(d time.Duration) error {
	if d < 0 {
		return fmt.Errorf("advance clock: negative duration %s", d)
	}
	return e.db.Update(func(tx *bolt.Tx) error {
		s := store{tx}
		return s.setMetaInt(metaClockOffset, s.metaInt(metaClockOffset)+int64(d))
	})
}

// Now returns the emulator's current time: the wall clock plus the
// stored offset, truncated to milliseconds as the wire shows it.
func (e *Emulator) Now() (time.Time, error) {
	var now time.Time
	err := e.db.View(func(tx *bolt.Tx) error {
		now = e.clock(store{tx})
		return nil
	})
	return now, err
}

// clock reads the emulator time inside a transaction.
func (e *Emulator) clock(s store) time.Time {
	offset := time.Duration(s.metaInt(metaClockOffset))
	return e.now().Add(offset).Truncate(time.Millisecond).UTC()
}

// update runs fn in one write transaction with the emulator time.
func (e *Emulator) update(fn func(s store, now time.Time) error) error {
	return e.db.Update(func(tx *bolt.Tx) error {
		s := store{tx}
		return fn(s, e.clock(s))
	})
}
