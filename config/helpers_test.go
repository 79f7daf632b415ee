package config

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/hashicorp/hcl/v2"
	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
)

// testToday is the fixed "now" of every test: 15 June 2026 in New York.
var testToday = time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)

// header is a provider and an account, for tests about other blocks.
const header = `
provider "tastytrade" {
  environment = "sandbox"
}
account "main" {
  number = "5WT00001"
}
`

// cmpConfig compares configurations by value, leaving out source ranges
// and the parsed files.
var cmpConfig = cmp.Options{
	cmpopts.IgnoreTypes(hcl.Range{}),
	cmpopts.IgnoreFields(Config{}, "Files", "Dir"),
	cmp.Comparer(func(a, b cty.Value) bool { return a.RawEquals(b) }),
	cmpopts.EquateEmpty(),
}

// loadFiles writes files into a new directory and loads it. Today
// defaults to testToday.
func loadFiles(t *testing.T, files map[string]string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, files)
	if opts.Today.IsZero() {
		opts.Today = testToday
	}
	return Load(dir, opts)
}

// loadSource loads one main.tt.hcl holding src.
func loadSource(t *testing.T, src string) (*Config, hcl.Diagnostics) {
	t.Helper()
	return loadFiles(t, map[string]string{"main.tt.hcl": src}, LoadOptions{})
}

// mustLoad loads src and fails the test on any error.
func mustLoad(t *testing.T, src string) *Config {
	t.Helper()
	cfg, diags := loadSource(t, src)
	if diags.HasErrors() {
		t.Fatalf("Load() errors:\n%s", diagText(cfg, diags))
	}
	return cfg
}

// summaries lists diags as "error: Summary" and "warning: Summary".
func summaries(diags hcl.Diagnostics) []string {
	var out []string
	for _, d := range diags {
		sev := "error"
		if d.Severity == hcl.DiagWarning {
			sev = "warning"
		}
		out = append(out, sev+": "+d.Summary)
	}
	return out
}

// checkMarks loads src as main.tt.hcl and checks that its diagnostics
// are exactly those its "# ERROR: Summary" marks name, each on the line
// of its mark. A test that writes no mark expects none.
func checkMarks(t *testing.T, src string, opts LoadOptions) (*Config, hcl.Diagnostics) {
	t.Helper()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": src}, opts)
	if diff := cmp.Diff(marksIn("main.tt.hcl", src), reportedMarks(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s\nall diagnostics:\n%s",
			diff, diagText(cfg, diags))
	}
	return cfg, diags
}

// diagText renders diags for a failure message.
func diagText(cfg *Config, diags hcl.Diagnostics) string {
	var b strings.Builder
	_ = WriteDiagnostics(&b, cfg.Files, diags, 0, false)
	return b.String()
}

func dec(s string) decimal.NullDecimal {
	return decimal.NewNullDecimal(decimal.RequireFromString(s))
}
