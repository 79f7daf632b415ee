package config

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// WriteDiagnostics prints diags the way Terraform does: the severity and
// summary, the file and line with a snippet of the source taken from
// files, then the detail. Config.Files holds the files Load read. width
// wraps the detail text (0 for no wrapping) and color adds terminal
// colours.
//
// Values of sensitive variables are never shown in the snippets.
//
// The files, file names and messages may hold any text, so every control
// character but newline and tab is written as a visible escape such as
// \x1b, and bytes that are not UTF-8 as U+FFFD: a diagnostic cannot
// move the cursor, retitle or clear the terminal. With color, the only
// control sequences written are the colours themselves.
func WriteDiagnostics(w io.Writer, files map[string]*hcl.File, diags hcl.Diagnostics, width uint, color bool) error {
	if !color {
		return hcl.NewDiagnosticTextWriter(textWriter{w}, files, width, false).WriteDiagnostics(diags)
	}

	for _, d := range diags {
		var plain, coloured bytes.Buffer
		if err := hcl.NewDiagnosticTextWriter(&plain, files, width, false).WriteDiagnostic(d); err != nil {
			return err
		}
		if err := hcl.NewDiagnosticTextWriter(&coloured, files, width, true).WriteDiagnostic(d); err != nil {
			return err
		}
		if _, err := w.Write(withColours(plain.Bytes(), coloured.Bytes())); err != nil {
			return fmt.Errorf("write failed: %w", err)
		}
	}
	return nil
}

// textWriter writes text to w with its control characters made visible.
// Each Write must end on a character boundary, as hcl's writes do.
type textWriter struct{ w io.Writer }

func (t textWriter) Write(p []byte) (int, error) {
	if _, err := t.w.Write(visible(nil, p)); err != nil {
		return 0, err
	}
	return len(p), nil
}

// visible appends text to out with every control character but newline
// and tab escaped, and every byte that is not UTF-8 replaced.
func visible(out, text []byte) []byte {
	for len(text) > 0 {
		r, size := utf8.DecodeRune(text)
		switch {
		case r == utf8.RuneError && size == 1:
			out = utf8.AppendRune(out, utf8.RuneError)
		case r == '\n' || r == '\t' || !unicode.IsControl(r):
			out = append(out, text[:size]...)
		case r < 0x80:
			out = fmt.Appendf(out, "\\x%02x", r)
		default:
			out = fmt.Appendf(out, "\\u%04x", r)
		}
		text = text[size:]
	}
	return out
}

// colourCodes are the escape sequences hcl's writer colours with.
var colourCodes = [][]byte{
	[]byte("\x1b[31m"), []byte("\x1b[33m"), []byte("\x1b[0m"), []byte("\x1b[1;4m"),
}

// withColours makes the text of one diagnostic visible, as textWriter
// does, but keeps its colours. plain is the diagnostic written without
// colour and coloured the same with, which is plain with colour codes
// inserted: a colour code is what coloured holds where plain does not.
// Text in plain that looks like a colour code is escaped like any other.
// Should the two not line up, the colours are left out.
func withColours(plain, coloured []byte) []byte {
	var out []byte
	i, j, start := 0, 0, 0 // coloured[i:] is to match plain[j:]; coloured[start:i] is text
	for i < len(coloured) {
		code := colourCodeAt(coloured[i:])
		if code == nil || bytes.HasPrefix(plain[j:], code) {
			if j >= len(plain) || coloured[i] != plain[j] {
				return visible(nil, plain)
			}
			i, j = i+1, j+1
			continue
		}
		out = append(visible(out, coloured[start:i]), code...)
		i += len(code)
		start = i
	}
	if j != len(plain) {
		return visible(nil, plain)
	}
	return visible(out, coloured[start:])
}

// colourCodeAt returns the colour code b starts with, or nil.
func colourCodeAt(b []byte) []byte {
	for _, c := range colourCodes {
		if bytes.HasPrefix(b, c) {
			return c
		}
	}
	return nil
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
