package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gofrs/flock"
)

// lockDir takes the configuration directory's apply lock, so that two
// applies (cron and a person, say) never plan and place the same orders
// at once. It fails at once when another ttplan holds it.
func lockDir(dir string) (func(), error) {
	path := filepath.Join(dir, ".ttplan", "lock")
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, err
	}

	l := flock.New(path)
	ok, err := l.TryLock()
	if err != nil {
		return nil, fmt.Errorf("take the lock %s: %w", path, err)
	}
	if !ok {
		return nil, fmt.Errorf("another ttplan apply holds the lock %s; wait for it to finish and run again", path)
	}
	return func() { l.Unlock() }, nil
}
