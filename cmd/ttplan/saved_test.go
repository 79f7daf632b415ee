package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSavedPlanExitCodes: a stale saved plan and one already applied are
// refused with exit code 4, a lock held by another apply with 5.
func TestSavedPlanExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	copyConfig(t, filepath.Join("..", "..", "examples", "quickstart"), dir)

	must := func(want int, args ...string) string {
		t.Helper()
		code, out, errOut := runIn(t, dir, args...)
		if code != want {
			t.Fatalf("ttplan %v exited %d, want %d\n%s%s", args, code, want, out, errOut)
		}
		return errOut
	}

	must(exitOK, "plan", "-out=stale.plan")
	must(exitOK, "apply", "-auto-approve")
	if errOut := must(exitStale, "apply", "stale.plan"); !strings.Contains(errOut, "stale") {
		t.Errorf("stale refusal says %q", errOut)
	}

	cfg := filepath.Join(dir, "main.tt.hcl")
	data, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, []byte(strings.Replace(string(data), "95.50", "94", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	must(exitOK, "plan", "-out=fresh.plan")
	must(exitOK, "apply", "fresh.plan")
	must(exitStale, "apply", "fresh.plan")

	unlock, err := lockDir(t.Context(), dir, "test", 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	must(exitLocked, "apply", "-auto-approve")
}
