package main

import (
	"os"
	"path/filepath"
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
