package config

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzLoad feeds arbitrary configuration, variable file and -var text to
// Load and WriteDiagnostics, which must never panic.
func FuzzLoad(f *testing.F) {
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*", "*", "*"))
	for _, path := range fixtures {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(src), "", "")
	}
	f.Add(header+`variable "x" { type = object({ a = optional(list(number), [1]) }) }`, `x = { a = null }`, `{ a = [1, "b"] }`)
	f.Add(header+`locals { a = { for k, v in var.x : k => v } }`, `x = 1`, `[`)
	f.Add(header+`order "o" { for_each = var.x }`, "", `{ a = null }`)
	f.Add(header+`watchlist "w" { symbols = [for s in range(3) : s] }`, "", "")
	f.Add(header+`order "o" { price = 1e999999 }`, "", "")
	f.Add(header+`otoco "o" { for_each = var.x
 trigger { leg { quantity = each.value } }
 order "a" { leg { symbol = each.key } }
 order "trigger" {}
}`, "", `{ a = 1 }`)
	f.Add(header+`limits { max_actions = var.x }
oco "o" { rearm = var.x
 lifecycle { prevent_destroy = var.x } }`, "", `1e400`)

	f.Fuzz(func(t *testing.T, src, vars, arg string) {
		dir := t.TempDir()
		writeFiles(t, dir, map[string]string{"main.tt.hcl": src, "ttplan.ttvars": vars})
		cfg, diags := Load(dir, LoadOptions{
			Vars:    []VarArg{{Name: "x", Value: arg}},
			Environ: []string{"TTPLAN_VAR_x=" + arg},
			Today:   testToday,
		})
		if cfg == nil {
			t.Fatal("Load() returned a nil Config")
		}
		_ = WriteDiagnostics(io.Discard, cfg.Files, diags, 80, true)
		var b strings.Builder
		if err := WriteDiagnostics(&b, cfg.Files, diags, 80, false); err != nil {
			t.Fatal(err)
		}
		controlFree(t, b.String())
	})
}
