package config

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/hashicorp/hcl/v2"
)

// binary is the start of an executable: invalid UTF-8, with NUL bytes.
const binary = "\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00>\x00\x01\x00\x00\x00" +
	"\xc0\x10\x00\x00\x00\x00\x00\x00@\x00\x00\x00\xff\xfe{ = } \" \x1b[2J\x07 watchlist \"x\" {"

func TestLoadRefusesFilesThatAreNotText(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		opts  LoadOptions
		want  []string
	}{
		{
			name:  "a binary configuration file",
			files: map[string]string{"main.tt.hcl": header, "binary.tt.hcl": binary},
		},
		{
			name:  "a configuration file with a NUL byte",
			files: map[string]string{"main.tt.hcl": header, "nul.tt.hcl": "locals {\n a = \"x\x00y\"\n}\n"},
		},
		{
			name:  "a configuration file that is not UTF-8",
			files: map[string]string{"main.tt.hcl": header, "latin1.tt.hcl": "# caf\xe9\nlocals {}\n"},
		},
		{
			name:  "the only configuration file",
			files: map[string]string{"main.tt.hcl": binary},
		},
		{
			name:  "a binary ttplan.ttvars",
			files: map[string]string{"main.tt.hcl": header, "ttplan.ttvars": binary},
		},
		{
			name:  "a binary JSON variables file",
			files: map[string]string{"main.tt.hcl": header, "x.auto.ttvars.json": "{\"a\": \"\x00\"}"},
		},
		{
			name:  "a binary -var-file",
			files: map[string]string{"main.tt.hcl": header, "vars.bin": binary},
			opts:  LoadOptions{Vars: []VarArg{{File: "vars.bin"}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			writeFiles(t, dir, tt.files)
			for i, v := range tt.opts.Vars {
				if v.File != "" {
					tt.opts.Vars[i].File = filepath.Join(dir, v.File)
				}
			}
			tt.opts.Today = testToday
			cfg, diags := Load(dir, tt.opts)

			want := append([]string{"error: Not a text file"}, tt.want...)
			if diff := cmp.Diff(want, summaries(diags)); diff != "" {
				t.Fatalf("Load() diagnostics mismatch (-want +got):\n%s\n%s", diff, diagText(cfg, diags))
			}
			if d := diags[0]; !strings.Contains(d.Detail, dir) {
				t.Errorf("detail %q does not name the file", d.Detail)
			}
			for name, f := range cfg.Files {
				if !utf8.Valid(f.Bytes) || bytes.IndexByte(f.Bytes, 0) >= 0 {
					t.Errorf("Files holds %s, which is not text", name)
				}
			}
		})
	}
}

// controlFree reports the first control character in out other than a
// newline or a tab, or any byte that is not UTF-8.
func controlFree(t *testing.T, out string) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Errorf("output is not UTF-8:\n%q", out)
	}
	for i, r := range out {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			t.Errorf("output holds control character %U at byte %d:\n%q", r, i, out)
			return
		}
	}
}

// stripColours removes the escape sequences hcl's writer colours with.
var stripColours = strings.NewReplacer("\x1b[31m", "", "\x1b[33m", "", "\x1b[0m", "", "\x1b[1;4m", "")

func TestWriteDiagnosticsWritesNoControlCharacters(t *testing.T) {
	t.Parallel()
	const src = "locals {\n  a = \"\x1b]0;pwned\x07\x1b[2J\u009b31m\"\r\n  b = 1\x7f\n}\n"
	files := map[string]*hcl.File{"ev\x1bil.tt.hcl": {Bytes: []byte(src)}}
	a, b := strings.Index(src, "a ="), strings.Index(src, "b = 1")
	rng := hcl.Range{
		Filename: "ev\x1bil.tt.hcl",
		Start:    hcl.Pos{Line: 2, Column: 3, Byte: a},
		End:      hcl.Pos{Line: 3, Column: 9, Byte: b + 6},
	}
	diags := hcl.Diagnostics{
		{
			Severity: hcl.DiagError,
			Summary:  "Bad \x1b[31mthing\x07",
			Detail:   "Detail with\ta tab,\nnewlines, an escape \x1b[0m, a NUL \x00, a C1 \u0085 and bad UTF-8 \xff.",
			Subject:  &rng,
		},
		{Severity: hcl.DiagWarning, Summary: "No subject \x1b[1;4m", Detail: "x\x1b[33m"},
	}

	for _, color := range []bool{false, true} {
		var b strings.Builder
		if err := WriteDiagnostics(&b, files, diags, 0, color); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if color {
			if !strings.HasPrefix(out, "\x1b[31mError\x1b[0m: ") {
				t.Errorf("coloured output does not start with a red Error:\n%q", out)
			}
			if !strings.Contains(out, "\x1b[1;4m") {
				t.Errorf("coloured output does not highlight the subject:\n%q", out)
			}
			out = stripColours.Replace(out)
		}
		controlFree(t, out)
		for _, want := range []string{
			"Detail with\ta tab,\nnewlines", `Bad \x1b[31mthing\x07`, `an escape \x1b[0m,`,
			`"\x1b]0;pwned\x07\x1b[2J\u009b31m"`, `b = 1\x7f`, `on ev\x1bil.tt.hcl line 2`,
			"NUL \\x00, a C1 \\u0085 and bad UTF-8 \ufffd.", `No subject \x1b[1;4m`,
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output (color %v) lacks %q:\n%s", color, want, out)
			}
		}
	}
}

func TestWriteDiagnosticsEscapesLoadedSource(t *testing.T) {
	t.Parallel()
	cfg, diags := loadSource(t, header+"watchlist \"w\" {\n  symbols = [\"AAPL\x1b]0;pwned\x07\", \"\x1b[2J\"]\n}\n")
	if !diags.HasErrors() {
		t.Fatal("Load() reported no errors")
	}
	for _, color := range []bool{false, true} {
		var b strings.Builder
		if err := WriteDiagnostics(&b, cfg.Files, diags, 80, color); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if color {
			out = stripColours.Replace(out)
		}
		controlFree(t, out)
		if !strings.Contains(out, "pwned") {
			t.Errorf("output lacks the snippet:\n%s", out)
		}
	}
}
