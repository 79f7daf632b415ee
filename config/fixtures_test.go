package config

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// mark is a diagnostic expected on, or reported at, one line of a file.
type mark struct {
	File     string
	Line     int
	Severity string
	Summary  string
}

// markPattern finds "# ERROR: Summary" and "# WARNING: Summary" at the
// end of a fixture line.
var markPattern = regexp.MustCompile(`# (ERROR|WARNING): ([^#]+)`)

// TestInvalidFixtures loads each directory of testdata/invalid and checks
// that every marked line produced exactly its diagnostic, and that no
// line produced one it does not mark.
func TestInvalidFixtures(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("testdata", "invalid", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}

	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			cfg, diags := Load(dir, LoadOptions{Today: testToday})
			if diff := cmp.Diff(expectedMarks(t, dir), reportedMarks(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s\nall diagnostics:\n%s",
					diff, diagText(cfg, diags))
			}
		})
	}
}

// TestValidFixtures loads each directory of testdata/valid and expects no
// diagnostics at all.
func TestValidFixtures(t *testing.T) {
	t.Parallel()
	dirs, err := filepath.Glob(filepath.Join("testdata", "valid", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}

	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			cfg, diags := Load(dir, LoadOptions{Today: testToday})
			if len(diags) > 0 {
				t.Errorf("Load() diagnostics:\n%s", diagText(cfg, diags))
			}
		})
	}
}

// expectedMarks reads the marks of every file in dir.
func expectedMarks(t *testing.T, dir string) []mark {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}

	var out []mark
	for _, e := range entries {
		src, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, marksIn(e.Name(), string(src))...)
	}
	sortMarks(out)
	return out
}

// marksIn reads the marks of src, the text of the file called name.
func marksIn(name, src string) []mark {
	var out []mark
	for i, line := range strings.Split(src, "\n") {
		for _, m := range markPattern.FindAllStringSubmatch(line, -1) {
			out = append(out, mark{name, i + 1, strings.ToLower(m[1]), strings.TrimSpace(m[2])})
		}
	}
	sortMarks(out)
	return out
}

// reportedMarks turns diagnostics into marks; one without a subject has
// no file and line 0.
func reportedMarks(diags hcl.Diagnostics) []mark {
	var out []mark
	for _, d := range diags {
		m := mark{Severity: "error", Summary: d.Summary}
		if d.Severity == hcl.DiagWarning {
			m.Severity = "warning"
		}
		if d.Subject != nil {
			m.File, m.Line = filepath.Base(d.Subject.Filename), d.Subject.Start.Line
		}
		out = append(out, m)
	}
	sortMarks(out)
	return out
}

func sortMarks(marks []mark) {
	sort.Slice(marks, func(i, j int) bool {
		a, b := marks[i], marks[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Summary < b.Summary
	})
}
