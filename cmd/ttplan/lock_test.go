package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLockDir: while one apply holds the lock, a second fails after its
// -lock-timeout with a message that names the holder; one that waits
// longer gets it once the holder lets go.
func TestLockDir(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()

	ctx := context.Background()
	unlock, err := lockDir(ctx, dir, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = lockDir(ctx, dir, "apply", 50*time.Millisecond)
	if err == nil || !strings.Contains(err.Error(), "holds the lock") || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Fatalf("second lockDir() = %v, want a lock-held error naming the holder", err)
	}

	// A waiter gets the lock once the holder lets go.
	go func() {
		time.Sleep(50 * time.Millisecond)
		unlock()
	}()
	again, err := lockDir(ctx, dir, "apply", 5*time.Second)
	if err != nil {
		t.Fatalf("lockDir() waiting for the unlock = %v", err)
	}
	again()
}

// TestApplyNeverAsksInAutomation: even on a terminal, -input=false and
// TTPLAN_IN_AUTOMATION make apply refuse to ask, at once.
func TestApplyNeverAsksInAutomation(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		args []string
		env  map[string]string
	}{
		"-input=false":         {[]string{"apply", "-input=false"}, nil},
		"TTPLAN_IN_AUTOMATION": {[]string{"apply"}, map[string]string{"TTPLAN_IN_AUTOMATION": "1"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			var out, errOut strings.Builder
			io := &streams{In: strings.NewReader("yes\n"), Out: &out, ErrOut: &errOut, InTTY: true}
			code := run(append([]string{"-chdir=" + t.TempDir()}, tc.args...), io,
				func(k string) string { return tc.env[k] }, nil)
			if code != exitError || !strings.Contains(errOut.String(), "asking for input is turned off") {
				t.Errorf("exit %d, stderr %q", code, errOut.String())
			}
		})
	}
}

// TestLockDirRefusesMissingDirectory: a mistyped -chdir creates nothing.
func TestLockDirRefusesMissingDirectory(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(t.TempDir(), "typo", "deep")
	if _, err := lockDir(context.Background(), missing, "apply", 0); err == nil {
		t.Fatal("lockDir() of a missing directory succeeded")
	}
	if _, err := os.Stat(missing); err == nil {
		t.Errorf("lockDir() created %s", missing)
	}
}

// TestForceUnlock: a lock record whose holder is gone can be freed by its
// id; one held by a running process, or a wrong id, cannot.
func TestForceUnlock(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	unlock, err := lockDir(context.Background(), dir, "apply", 0)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, ".ttplan", "lock"))
	var info lockInfo
	if err := json.Unmarshal(data, &info); err != nil {
		t.Fatal(err)
	}

	if code, _, errOut := runIn(t, dir, "force-unlock", info.ID); code != exitError || !strings.Contains(errOut, "still running") {
		t.Errorf("force-unlock of a live holder exited %d: %s", code, errOut)
	}
	unlock()

	// A record left by a process that is gone.
	info.PID = 1 << 22
	stale, _ := json.Marshal(info)
	if err := os.WriteFile(filepath.Join(dir, ".ttplan", "lock"), stale, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runIn(t, dir, "force-unlock", "not-the-id"); code != exitError {
		t.Errorf("force-unlock with a wrong id exited %d", code)
	}
	if code, _, errOut := runIn(t, dir, "force-unlock", info.ID); code != exitOK {
		t.Errorf("force-unlock exited %d: %s", code, errOut)
	}
}
