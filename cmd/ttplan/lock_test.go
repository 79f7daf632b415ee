package main

import (
	"strings"
	"testing"
)

// TestLockDir: while one apply holds the lock, a second fails at once
// with a message that names the lock; once released, it can be taken.
func TestLockDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	unlock, err := lockDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lockDir(dir); err == nil || !strings.Contains(err.Error(), "holds the lock") {
		t.Fatalf("second lockDir() = %v, want a lock-held error", err)
	}

	unlock()
	again, err := lockDir(dir)
	if err != nil {
		t.Fatalf("lockDir() after unlock = %v", err)
	}
	again()
}
