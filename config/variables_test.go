package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/zclconf/go-cty/cty"
)

// precedenceSrc declares one variable of each parsing mode.
const precedenceSrc = header + `
variable "v" {
  type    = string
  default = "default"
}
`

func TestVariablePrecedence(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		env   []string
		vars  func(dir string) []VarArg
		want  string
	}{
		{
			name: "default",
			want: "default",
		},
		{
			name: "environment over default",
			env:  []string{"TTPLAN_VAR_v=env"},
			want: "env",
		},
		{
			name:  "ttplan.ttvars over environment",
			env:   []string{"TTPLAN_VAR_v=env"},
			files: map[string]string{"ttplan.ttvars": `v = "ttvars"`},
			want:  "ttvars",
		},
		{
			name: "auto.ttvars over ttplan.ttvars, the last in lexical order winning",
			env:  []string{"TTPLAN_VAR_v=env"},
			files: map[string]string{
				"ttplan.ttvars":   `v = "ttvars"`,
				"b.auto.ttvars":   `v = "b"`,
				"a.auto.ttvars":   `v = "a"`,
				"c.auto.ttvars":   `# sets nothing`,
				"ttplan.ttvars.x": `v = "not read"`,
			},
			want: "b",
		},
		{
			name:  "json variable files",
			files: map[string]string{"z.auto.ttvars.json": `{"v": "json"}`},
			want:  "json",
		},
		{
			name:  "-var-file over auto.ttvars",
			files: map[string]string{"a.auto.ttvars": `v = "a"`, "extra.ttvars": `v = "file"`},
			vars:  func(dir string) []VarArg { return []VarArg{{File: filepath.Join(dir, "extra.ttvars")}} },
			want:  "file",
		},
		{
			name:  "-var after -var-file wins",
			files: map[string]string{"extra.ttvars": `v = "file"`},
			vars: func(dir string) []VarArg {
				return []VarArg{{File: filepath.Join(dir, "extra.ttvars")}, {Name: "v", Value: "flag"}}
			},
			want: "flag",
		},
		{
			name:  "-var-file after -var wins",
			files: map[string]string{"extra.ttvars": `v = "file"`},
			vars: func(dir string) []VarArg {
				return []VarArg{{Name: "v", Value: "flag"}, {File: filepath.Join(dir, "extra.ttvars")}}
			},
			want: "file",
		},
		{
			name: "the last -var wins",
			vars: func(string) []VarArg { return []VarArg{{Name: "v", Value: "1"}, {Name: "v", Value: "2"}} },
			want: "2",
		},
		{
			name: "an empty environment value is a value",
			env:  []string{"PATH=/bin", "TTPLAN_VAR_v="},
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			files := map[string]string{"main.tt.hcl": precedenceSrc}
			for k, v := range tt.files {
				files[k] = v
			}
			writeFiles(t, dir, files)
			opts := LoadOptions{Environ: tt.env, Today: testToday}
			if tt.vars != nil {
				opts.Vars = tt.vars(dir)
			}

			cfg, diags := Load(dir, opts)
			if len(diags) > 0 {
				t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
			}
			if diff := cmp.Diff(cty.StringVal(tt.want), cfg.Variables["v"].Value, cmpConfig); diff != "" {
				t.Errorf("Load() mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVariableGetenv(t *testing.T) {
	t.Parallel()
	env := map[string]string{"TTPLAN_VAR_v": "from getenv", "TTPLAN_VAR_w": ""}
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": precedenceSrc + `
variable "w" {
  default = "kept"
}
`}, LoadOptions{Getenv: func(k string) string { return env[k] }})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	got := map[string]cty.Value{"v": cfg.Variables["v"].Value, "w": cfg.Variables["w"].Value}
	want := map[string]cty.Value{"v": cty.StringVal("from getenv"), "w": cty.StringVal("kept")}
	if diff := cmp.Diff(want, got, cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
}

func TestVariableTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		decl string
		arg  string // the -var value
		want cty.Value
	}{
		{"untyped is a string", ``, `12`, cty.StringVal("12")},
		{"number", `type = number`, `12.5`, cty.NumberFloatVal(12.5)},
		{"bool", `type = bool`, `true`, cty.True},
		{"string keeps quotes", `type = string`, `"x"`, cty.StringVal(`"x"`)},
		{"list", `type = list(string)`, `["a", "b"]`, cty.ListVal([]cty.Value{cty.StringVal("a"), cty.StringVal("b")})},
		{"map", `type = map(number)`, `{ a = 1 }`, cty.MapVal(map[string]cty.Value{"a": cty.NumberIntVal(1)})},
		{
			name: "object with an optional attribute",
			decl: `type = object({ qty = number, tif = optional(string, "gtc") })`,
			arg:  `{ qty = 3 }`,
			want: cty.ObjectVal(map[string]cty.Value{"qty": cty.NumberIntVal(3), "tif": cty.StringVal("gtc")}),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := header + "variable \"x\" {\n" + tt.decl + "\n}\n"
			cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": src},
				LoadOptions{Vars: []VarArg{{Name: "x", Value: tt.arg}}})
			if len(diags) > 0 {
				t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
			}
			if !tt.want.RawEquals(cfg.Variables["x"].Value) {
				t.Errorf("Load() value = %#v, want %#v", cfg.Variables["x"].Value, tt.want)
			}
		})
	}
}

func TestVariableErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		opts LoadOptions
		want []string
	}{
		{
			name: "required without a value",
			src:  `variable "x" {}`,
			want: []string{"error: No value for required variable"},
		},
		{
			name: "null default makes it optional",
			src:  `variable "x" { default = null }`,
		},
		{
			name: "-var for an undeclared variable",
			src:  `variable "x" { default = 1 }`,
			opts: LoadOptions{Vars: []VarArg{{Name: "y", Value: "1"}}},
			want: []string{"error: Value for undeclared variable"},
		},
		{
			name: "environment for an undeclared variable is ignored",
			src:  `variable "x" { default = 1 }`,
			opts: LoadOptions{Environ: []string{"TTPLAN_VAR_y=1"}},
		},
		{
			name: "-var of the wrong type",
			src:  `variable "x" { type = number }`,
			opts: LoadOptions{Vars: []VarArg{{Name: "x", Value: "ten"}}},
			want: []string{"error: Invalid value for variable"},
		},
		{
			name: "-var that is not an expression",
			src:  `variable "x" { type = list(string) }`,
			opts: LoadOptions{Vars: []VarArg{{Name: "x", Value: "[a"}}},
			want: []string{"error: Invalid value for variable"},
		},
		{
			name: "missing -var-file",
			src:  `variable "x" { default = 1 }`,
			opts: LoadOptions{Vars: []VarArg{{File: "/nonexistent/x.ttvars"}}},
			want: []string{"error: Failed to read variables file"},
		},
		{
			name: "default refers to a variable",
			src:  "variable \"y\" { default = 1 }\nvariable \"x\" { default = var.y }",
			want: []string{"error: Variables not allowed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + tt.src}, tt.opts)
			if diff := cmp.Diff(tt.want, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestVariableValidation(t *testing.T) {
	t.Parallel()
	const src = header + `
variable "qty" {
  type = number
  validation {
    condition     = var.qty > 0
    error_message = "The quantity must be positive."
  }
  validation {
    condition     = floor(var.qty) == var.qty
    error_message = "The quantity must be whole, not ${var.qty}."
  }
}
`
	tests := []struct {
		value   string
		details []string
	}{
		{"3", nil},
		{"-2", []string{"The quantity must be positive."}},
		{"-2.5", []string{"The quantity must be positive.", "The quantity must be whole, not -2.5."}},
	}
	for _, tt := range tests {
		t.Run(tt.value, func(t *testing.T) {
			t.Parallel()
			_, diags := loadFiles(t, map[string]string{"main.tt.hcl": src},
				LoadOptions{Vars: []VarArg{{Name: "qty", Value: tt.value}}})
			var got []string
			for _, d := range diags {
				got = append(got, strings.SplitN(d.Detail, "\n", 2)[0])
			}
			if diff := cmp.Diff(tt.details, got); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSensitiveVariablesAreNotShown(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-value"
	src := header + `
variable "token" {
  sensitive = true
  validation {
    condition     = length(var.token) < 5
    error_message = "Too long: ${var.token}."
  }
}
variable "acct" {
  sensitive = true
}
account "hidden" {
  number = var.acct
}
watchlist "w" {
  symbols = [upper(var.acct)]
}
`
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": src}, LoadOptions{
		Vars: []VarArg{{Name: "token", Value: secret}, {Name: "acct", Value: secret}},
	})
	want := []string{"error: Invalid value for variable", "error: Invalid account number", "error: Invalid symbol"}
	if diff := cmp.Diff(want, summaries(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	if out := diagText(cfg, diags); strings.Contains(strings.ToLower(out), secret) {
		t.Errorf("diagnostics show the sensitive value:\n%s", out)
	}
}

func TestSensitiveVariableIsRecorded(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "acct" {
  description = "The account to trade."
  sensitive   = true
}
account "hidden" {
  number = var.acct
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_acct=5WT00009"}})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	want := &Variable{Name: "acct", Description: "The account to trade.", Sensitive: true, Value: cty.StringVal("5WT00009")}
	if diff := cmp.Diff(want, cfg.Variables["acct"], cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
	if got := cfg.Accounts["hidden"].Number; got != "5WT00009" {
		t.Errorf("account number = %q, want 5WT00009", got)
	}
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o600); err != nil {
			t.Fatal(err)
		}
	}
}
