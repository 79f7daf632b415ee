package config

import (
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// DiagnosticsFormatVersion is the version of the JSON shape of
// JSONDiagnostics. A change that could break a reader bumps it.
const DiagnosticsFormatVersion = "1.0"

// JSONDiagnostic is one diagnostic in machine-readable form, shaped like
// Terraform's "validate -json" output.
type JSONDiagnostic struct {
	Severity string       `json:"severity"` // "error" or "warning"
	Summary  string       `json:"summary"`
	Detail   string       `json:"detail,omitempty"`
	Range    *JSONRange   `json:"range,omitempty"`
	Snippet  *JSONSnippet `json:"snippet,omitempty"`
}

// JSONRange is a span of a file. Lines and columns count from 1, bytes
// from 0.
type JSONRange struct {
	Filename string  `json:"filename"`
	Start    JSONPos `json:"start"`
	End      JSONPos `json:"end"`
}

// JSONPos is one position in a file.
type JSONPos struct {
	Line   int `json:"line"`
	Column int `json:"column"`
	Byte   int `json:"byte"`
}

// JSONSnippet is the source the diagnostic points at: the lines of its
// range, and where in them the range starts and ends.
type JSONSnippet struct {
	Code                 string `json:"code"`
	StartLine            int    `json:"start_line"`
	HighlightStartOffset int    `json:"highlight_start_offset"`
	HighlightEndOffset   int    `json:"highlight_end_offset"`
}

// JSONDiagnostics converts diags for JSON output, with snippets taken from
// files (Config.Files).
func JSONDiagnostics(files map[string]*hcl.File, diags hcl.Diagnostics) []JSONDiagnostic {
	out := make([]JSONDiagnostic, 0, len(diags))
	for _, d := range diags {
		jd := JSONDiagnostic{Severity: "error", Summary: visibleString(d.Summary), Detail: visibleString(d.Detail)}
		if d.Severity == hcl.DiagWarning {
			jd.Severity = "warning"
		}
		if d.Subject != nil {
			jd.Range = jsonRange(*d.Subject)
			jd.Snippet = snippet(files[d.Subject.Filename], *d.Subject)
		}
		out = append(out, jd)
	}
	return out
}

func jsonRange(r hcl.Range) *JSONRange {
	return &JSONRange{
		Filename: r.Filename,
		Start:    JSONPos{Line: r.Start.Line, Column: r.Start.Column, Byte: r.Start.Byte},
		End:      JSONPos{Line: r.End.Line, Column: r.End.Column, Byte: r.End.Byte},
	}
}

// snippet returns the whole lines r covers, or nil when the source is not
// at hand or r lies outside it.
func snippet(f *hcl.File, r hcl.Range) *JSONSnippet {
	if f == nil || r.Start.Byte < 0 || r.End.Byte > len(f.Bytes) || r.Start.Byte > r.End.Byte {
		return nil
	}
	src := f.Bytes

	start := strings.LastIndexByte(string(src[:r.Start.Byte]), '\n') + 1
	end := r.End.Byte
	if i := strings.IndexByte(string(src[end:]), '\n'); i >= 0 {
		end += i
	} else {
		end = len(src)
	}
	return &JSONSnippet{
		Code:                 visibleString(string(src[start:end])),
		StartLine:            r.Start.Line,
		HighlightStartOffset: r.Start.Byte - start,
		HighlightEndOffset:   r.End.Byte - start,
	}
}

// visibleString escapes control characters as WriteDiagnostics does, so
// a JSON reader that prints a field cannot be made to move the cursor.
// The highlight offsets count bytes of the source, not of this text.
func visibleString(s string) string {
	return string(visible(nil, []byte(s)))
}
