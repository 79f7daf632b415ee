package config

import (
	"fmt"
	"io"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics prints diags the way Terraform does: the severity and
// summary, the file and line with a snippet of the source taken from
// files, then the detail. Config.Files holds the files Load read. width
// wraps the detail text (0 for no wrapping) and color adds terminal
// colours.
//
// Values of sensitive variables are never shown in the snippets.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	return hcl.NewDiagnosticTextWriter(w, files, width, color).WriteDiagnostics(diags)
}

// errorAt is an error diagnostic about the source at rng.
func errorAt(rng hcl.Range, summary, format string, args ...any) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  summary,
		Detail:   fmt.Sprintf(format, args...),
		Subject:  subject(rng),
	}
}

// warningAt is a warning diagnostic about the source at rng.
func warningAt(rng hcl.Range, summary, format string, args ...any) *hcl.Diagnostic {
	d := errorAt(rng, summary, format, args...)
	d.Severity = hcl.DiagWarning
	return d
}

// subject is rng as a diagnostic subject, or nil for the zero range of a
// value that came from no file, such as a -var option.
func subject(rng hcl.Range) *hcl.Range {
	if rng.Filename == "" {
		return nil
	}
	return rng.Ptr()
}

// didYouMean suggests the name closest to given, as a sentence to append
// to a detail, or returns "" when none is close.
func didYouMean(given string, names []string) string {
	best, bestDist := "", 3
	for _, n := range names {
		if d := editDistance(given, n); d < bestDist {
			best, bestDist = n, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" Did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}

	for i := range ra {
		cur := make([]int, len(rb)+1)
		cur[0] = i + 1
		for j := range rb {
			cost := 1
			if ra[i] == rb[j] {
				cost = 0
			}
			cur[j+1] = min(prev[j]+cost, prev[j+1]+1, cur[j]+1)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// oneOf lists words for a detail: "a", "b" or "c".
func oneOf(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = fmt.Sprintf("%q", w)
	}
	if len(quoted) < 2 {
		return strings.Join(quoted, "")
	}
	return strings.Join(quoted[:len(quoted)-1], ", ") + " or " + quoted[len(quoted)-1]
}

// shown quotes s for a detail, or hides it when it is sensitive.
func shown(s string, sensitive bool) string {
	if sensitive {
		return "(sensitive value)"
	}
	return fmt.Sprintf("%q", s)
}

// where names the file and line of rng for a detail: "main.tt.hcl:12".
func where(rng hcl.Range) string {
	return fmt.Sprintf("%s:%d", rng.Filename, rng.Start.Line)
}
