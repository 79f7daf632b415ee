package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

func TestJSONDiagnostics(t *testing.T) {
	t.Parallel()
	src := []byte("order \"x\" {\n  price = -1\n}\n")
	files := map[string]*hcl.File{"main.tt.hcl": {Bytes: src}}
	rng := hcl.Range{Filename: "main.tt.hcl",
		Start: hcl.Pos{Line: 2, Column: 11, Byte: 22}, End: hcl.Pos{Line: 2, Column: 13, Byte: 24}}
	diags := hcl.Diagnostics{
		{Severity: hcl.DiagError, Summary: "Invalid price", Detail: "Prices are magnitudes.", Subject: &rng},
		{Severity: hcl.DiagWarning, Summary: "No files"},
	}

	want := []JSONDiagnostic{
		{Severity: "error", Summary: "Invalid price", Detail: "Prices are magnitudes.",
			Range: &JSONRange{Filename: "main.tt.hcl",
				Start: JSONPos{Line: 2, Column: 11, Byte: 22}, End: JSONPos{Line: 2, Column: 13, Byte: 24}},
			Snippet: &JSONSnippet{Code: "  price = -1", StartLine: 2, HighlightStartOffset: 10, HighlightEndOffset: 12}},
		{Severity: "warning", Summary: "No files"},
	}
	if diff := cmp.Diff(want, JSONDiagnostics(files, diags)); diff != "" {
		t.Errorf("JSONDiagnostics() mismatch (-want +got):\n%s", diff)
	}
}

// TestJSONDiagnosticsEscapeControls: a reader that prints a field of the
// JSON must not receive terminal control characters from the source.
func TestJSONDiagnosticsEscapeControls(t *testing.T) {
	t.Parallel()
	src := []byte("x = \"\x1b]0;pwned\x07\"\n")
	files := map[string]*hcl.File{"main.tt.hcl": {Bytes: src}}
	rng := hcl.Range{Filename: "main.tt.hcl", Start: hcl.Pos{Line: 1, Column: 1, Byte: 0}, End: hcl.Pos{Line: 1, Column: 2, Byte: 1}}
	got := JSONDiagnostics(files, hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Bad \x1b[2J", Subject: &rng}})
	for _, s := range []string{got[0].Summary, got[0].Snippet.Code} {
		if strings.ContainsAny(s, "\x1b\x07") {
			t.Errorf("control character left in %q", s)
		}
	}
}
