package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs ttplan in-process with -chdir=dir and returns its exit code
// and output.
func runIn(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	return runEnv(t, dir, nil, args...)
}

// runEnv is runIn with more environment variables.
func runEnv(t *testing.T, dir string, extra map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	io := &streams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut}
	env := map[string]string{"TTPLAN_CACHE_DIR": filepath.Join(dir, ".cache")}
	for k, v := range extra {
		env[k] = v
	}
	code := run(append([]string{"-chdir=" + dir}, args...), io, func(k string) string { return env[k] }, nil)
	return code, out.String(), errOut.String()
}

// TestExamples checks every configuration in examples/ (the directories
// with *.tt.hcl files; github-actions holds workflows): it plans with
// changes (exit 2), applies, and then plans with none (exit 0).
func TestExamples(t *testing.T) {
	t.Parallel()
	configs, err := filepath.Glob(filepath.Join("..", "..", "examples", "*", "*.tt.hcl"))
	if err != nil || len(configs) < 3 {
		t.Fatalf("want the three example configurations, found %v (%v)", configs, err)
	}
	dirs := map[string]bool{}
	for _, c := range configs {
		dirs[filepath.Dir(c)] = true
	}

	for src := range dirs {
		t.Run(filepath.Base(src), func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			copyConfig(t, src, dir)

			if code, out, errOut := runIn(t, dir, "plan", "-detailed-exitcode"); code != exitChanges {
				t.Fatalf("first plan exited %d, want %d\n%s%s", code, exitChanges, out, errOut)
			}
			if code, out, errOut := runIn(t, dir, "apply", "-auto-approve"); code != exitOK {
				t.Fatalf("apply exited %d\n%s%s", code, out, errOut)
			}
			code, out, errOut := runIn(t, dir, "plan", "-detailed-exitcode")
			if code != exitOK || !strings.Contains(out, "No changes.") {
				t.Fatalf("plan after apply exited %d, want 0 and no changes\n%s%s", code, out, errOut)
			}
		})
	}
}

// copyConfig copies the configuration files of src into dst, leaving any
// local state behind.
func copyConfig(t *testing.T, src, dst string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(src, "*.tt.hcl"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no configuration in %s", src)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, filepath.Base(f)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
