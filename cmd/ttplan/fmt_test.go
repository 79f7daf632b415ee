package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFmtCheckExitCodes: fmt -check exits 3 on an unformatted file and
// changes nothing; after fmt it exits 0.
func TestFmtCheckExitCodes(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "main.tt.hcl")
	messy := "order \"x\" {\n  type=\"limit\"\n}\n"
	if err := os.WriteFile(path, []byte(messy), 0o644); err != nil {
		t.Fatal(err)
	}

	if code, out, errOut := runIn(t, dir, "fmt", "-check"); code != exitUnformatted {
		t.Fatalf("fmt -check exited %d, want %d\n%s%s", code, exitUnformatted, out, errOut)
	}
	if got, _ := os.ReadFile(path); string(got) != messy {
		t.Fatalf("fmt -check changed the file:\n%s", got)
	}
	if code, out, errOut := runIn(t, dir, "fmt"); code != exitOK {
		t.Fatalf("fmt exited %d\n%s%s", code, out, errOut)
	}
	if code, out, errOut := runIn(t, dir, "fmt", "-check"); code != exitOK {
		t.Fatalf("fmt -check after fmt exited %d\n%s%s", code, out, errOut)
	}
}

// TestFmtTargets: fmt refuses files that are not configuration, formats
// through a symlinked directory and a symlinked file, and keeps the link.
func TestFmtTargets(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	messy := "order \"x\" {\n  type=\"limit\"\n}\n"
	real := filepath.Join(dir, "real")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{filepath.Join(real, "a.tt.hcl"), filepath.Join(dir, "target.hcl"), filepath.Join(dir, ".env")} {
		if err := os.WriteFile(f, []byte(messy), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(real, filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "target.hcl"), filepath.Join(real, "b.tt.hcl")); err != nil {
		t.Fatal(err)
	}

	if code, _, errOut := runIn(t, dir, "fmt", ".env"); code != exitError || !strings.Contains(errOut, "not a configuration") {
		t.Errorf("fmt .env exited %d: %s", code, errOut)
	}
	if got, _ := os.ReadFile(filepath.Join(dir, ".env")); string(got) != messy {
		t.Errorf("fmt changed .env")
	}

	linked := filepath.Join(dir, "linkdir")
	if code, out, _ := runIn(t, linked, "fmt", "-check"); code != exitUnformatted || !strings.Contains(out, "a.tt.hcl") || !strings.Contains(out, "b.tt.hcl") {
		t.Errorf("fmt -check in a linked directory exited %d, printed %q", code, out)
	}
	if code, _, errOut := runIn(t, linked, "fmt"); code != exitOK {
		t.Fatalf("fmt exited %d: %s", code, errOut)
	}
	if info, err := os.Lstat(filepath.Join(real, "b.tt.hcl")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("fmt replaced the symlink b.tt.hcl")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "target.hcl")); string(got) == messy {
		t.Errorf("fmt did not format the file the symlink names")
	}
}
