package config

import (
	"fmt"
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

// TestSensitiveVariablesAreNotShown checks that no diagnostic about a
// sensitive value prints it, wherever the value came from. Each case
// fails if its redaction is removed.
func TestSensitiveVariablesAreNotShown(t *testing.T) {
	t.Parallel()
	const secret = "s3cr3t-value"
	// vars declares token, a secret from -var; acct, the same from the
	// environment; sym, a secret option symbol; and day, a secret date.
	// A case may declare v, whose secret comes from the environment
	// unless a file overrides it.
	const vars = header + `
variable "token" {
  sensitive = true
}
variable "acct" {
  sensitive = true
}
variable "sym" {
  sensitive = true
  default   = "ZQXJW 261218C00100000"
}
variable "day" {
  sensitive = true
  default   = "2020-02-29"
}
locals {
  m = { a = "AAPL" }
}
`
	const order = `
order "o" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  %s
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`
	tests := []struct {
		name  string
		src   string
		files map[string]string
		want  []string
	}{
		{
			name: "failed validation, account number and symbol",
			src: vars + `
variable "v" {
  sensitive = true
  validation {
    condition     = length(var.v) < 5
    error_message = "Too long: ${var.v}."
  }
}
account "hidden" {
  number = var.acct
}
watchlist "w" {
  symbols = [upper(var.acct)]
}
`,
			want: []string{"error: Invalid value for variable", "error: Invalid account number", "error: Invalid symbol"},
		},
		{
			name: "failed validation of a value from a variables file",
			src: vars + `
variable "v" {
  sensitive = true
  validation {
    condition     = var.v == "x"
    error_message = "The value is wrong."
  }
}
`,
			files: map[string]string{"ttplan.ttvars": `v = "s3cr3t-value"`},
			want:  []string{"error: Invalid value for variable"},
		},
		{
			name: "value of the wrong type in a variables file",
			src: vars + `
variable "v" {
  type      = number
  sensitive = true
}
`,
			files: map[string]string{"secret.auto.ttvars": `v = "s3cr3t-value"`},
			want:  []string{"error: Invalid value for variable"},
		},
		{
			name: "validation whose condition fails in a function",
			src: vars + `
variable "v" {
  sensitive = true
  default   = "s3cr3t-value"
  validation {
    condition     = tonumber(var.v) > 1
    error_message = "Not a number."
  }
}
`,
			want: []string{"error: Invalid function argument"},
		},
		{
			name: "function failing on a sensitive value in a watchlist and an order",
			src: vars + `watchlist "w" { symbols = [tonumber(var.token)] }` +
				strings.Replace(fmt.Sprintf(order, ""), "price         = 1", "price = tonumber(var.token)", 1),
			want: []string{"error: Invalid function argument", "error: Invalid function argument"},
		},
		{
			name: "unknown watchlist and order arguments",
			src: vars + `
watchlist "w" {
  symbols = []
  nosuch  = var.token
}
` + fmt.Sprintf(order, "nosuch = var.token"),
			want: []string{"error: Unsupported argument", "error: Unsupported argument"},
		},
		{
			name: "unknown key in a watchlist and an order",
			src: vars + `
watchlist "w" {
  symbols = [local.m[var.token]]
}
` + strings.Replace(fmt.Sprintf(order, ""), "price         = 1", "price = local.m[var.token]", 1),
			want: []string{"error: Invalid index", "error: Invalid index"},
		},
		{
			name: "enumerations",
			src: vars + `
watchlist "w" {
  entry {
    symbol          = "AAPL"
    instrument_type = var.token
  }
}
` + strings.Replace(fmt.Sprintf(order, ""), `"limit"`, "var.token", 1),
			want: []string{"error: Invalid instrument type", "error: Invalid order type"},
		},
		{
			name: "sensitive watchlist names",
			src: vars + `
watchlist "a" {
  name    = var.token
  symbols = []
}
watchlist "b" {
  name    = var.token
  symbols = []
}
`,
			want: []string{"error: Sensitive watchlist name", "error: Sensitive watchlist name"},
		},
		{
			name: "sensitive workspace",
			src:  strings.Replace(vars, `environment = "sandbox"`, "environment = \"sandbox\"\n  workspace = var.token", 1),
			want: []string{"error: Sensitive workspace"},
		},
		{
			name: "duplicate watchlist entries",
			src:  vars + `watchlist "w" { symbols = [var.sym, lower(var.sym)] }`,
			want: []string{"error: Duplicate watchlist entry"},
		},
		{
			name: "duplicate leg symbols",
			src: vars + strings.Replace(fmt.Sprintf(order, `
  leg {
    symbol   = lower(var.sym)
    action   = "buy_to_open"
    quantity = 1
  }`), `"AAPL"`, "var.sym", 1),
			want: []string{"error: Duplicate leg symbol"},
		},
		{
			name: "GTD date in the past",
			src:  vars + strings.Replace(fmt.Sprintf(order, "gtc_date = var.day"), `"gtc"`, `"gtd"`, 1),
			want: []string{"error: GTD date in the past"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"main.tt.hcl": tt.src}
			for name, src := range tt.files {
				files[name] = src
			}
			cfg, diags := loadFiles(t, files, LoadOptions{
				Vars:    []VarArg{{Name: "token", Value: secret}},
				Environ: []string{"TTPLAN_VAR_acct=" + secret, "TTPLAN_VAR_v=" + secret},
			})
			if diff := cmp.Diff(tt.want, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s\n%s", diff, diagText(cfg, diags))
			}
			out := strings.ToLower(diagText(cfg, diags))
			for _, s := range []string{secret, "zqxjw", "2020-02-29"} {
				if strings.Contains(out, s) {
					t.Errorf("diagnostics show the sensitive value %q:\n%s", s, out)
				}
			}
		})
	}
}

func TestSensitiveVariableIsRecorded(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "limit" {
  description = "The price to buy at."
  sensitive   = true
}
variable "what" {
  sensitive = true
}
order "dip" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = var.limit
  leg {
    symbol   = var.what
    action   = "buy_to_open"
    quantity = 1
  }
}
watchlist "hidden" {
  group   = var.what
  symbols = ["AAPL"]
}
watchlist "entries" {
  entry {
    symbol = var.what
  }
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_limit=95.50", "TTPLAN_VAR_what=NVDA"}})
	if len(diags) > 0 {
		t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
	}

	want := &Variable{Name: "limit", Description: "The price to buy at.", Sensitive: true, Value: cty.StringVal("95.50")}
	if diff := cmp.Diff(want, cfg.Variables["limit"], cmpConfig); diff != "" {
		t.Errorf("Load() mismatch (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"leg.instrument_type", "leg.symbol", "price"}, cfg.Orders[0].Sensitive); diff != "" {
		t.Errorf("order Sensitive mismatch (-want +got):\n%s", diff)
	}
	got := map[string][]string{}
	for _, w := range cfg.Watchlists {
		got[w.Address] = w.Sensitive
	}
	wantW := map[string][]string{"watchlist.entries": {"symbols"}, "watchlist.hidden": {"group"}}
	if diff := cmp.Diff(wantW, got); diff != "" {
		t.Errorf("watchlist Sensitive mismatch (-want +got):\n%s", diff)
	}
}

// An account number is in every plan and confirmation, so it cannot be
// hidden; ttplan refuses one from a sensitive variable, without showing it.
func TestSensitiveAccountNumberRefused(t *testing.T) {
	t.Parallel()
	for name, ref := range map[string]string{"block": "account.hidden", "direct": "var.acct"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "acct" {
  sensitive = true
}
account "hidden" {
  number = "5WT00001"
}
order "dip" {
  account       = ` + ref + `
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_acct=5WT00009"}})
			if name == "block" {
				// A literal number in the block is fine.
				if len(diags) > 0 {
					t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
				}
				return
			}
			if diff := cmp.Diff([]string{"error: Sensitive account number"}, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
			if text := diagText(cfg, diags); strings.Contains(text, "5WT00009") {
				t.Errorf("diagnostics show the sensitive value:\n%s", text)
			}
		})
	}
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "acct" {
  sensitive = true
}
account "hidden" {
  number = var.acct
}
`}, LoadOptions{Environ: []string{"TTPLAN_VAR_acct=5WT00009"}})
	if diff := cmp.Diff([]string{"error: Sensitive account number"}, summaries(diags)); diff != "" {
		t.Errorf("account block: Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	if text := diagText(cfg, diags); strings.Contains(text, "5WT00009") {
		t.Errorf("diagnostics show the sensitive value:\n%s", text)
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

// An order type or time in force from a sensitive variable is not named
// in the messages about it, nor the kind of a sensitive symbol.
func TestSensitiveEnumsNotShown(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "kind" {
  sensitive = true
  default   = "stop_limit"
}
variable "tif" {
  sensitive = true
  default   = "day"
}
order "o" {
  account       = account.main
  type          = var.kind
  time_in_force = var.tif
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}
`}, LoadOptions{})
	want := []string{"error: Missing stop trigger", "warning: Non-standing time in force"}
	if diff := cmp.Diff(want, summaries(diags)); diff != "" {
		t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
	}
	out := diagText(cfg, diags)
	for _, secret := range []string{"stop_limit", "A day order"} {
		if strings.Contains(out, secret) {
			t.Errorf("diagnostics show %q:\n%s", secret, out)
		}
	}
}

func TestSensitiveEnumsNotShownElsewhere(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "kind" {
  sensitive = true
  default   = "market"
}
variable "tif" {
  sensitive = true
  default   = "ioc"
}
variable "opt" {
  sensitive = true
  default   = "SPY   261218P00500000"
}
order "o" {
  account       = account.main
  type          = var.kind
  time_in_force = var.tif
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
  leg {
    symbol   = "MSFT"
    action   = "buy_to_open"
    quantity = 1
  }
}
order "f" {
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = var.opt
    action   = "buy_to_open"
    quantity = 1.5
  }
}
`}, LoadOptions{})
	out := diagText(cfg, diags)
	if !diags.HasErrors() {
		t.Fatalf("want errors, got:\n%s", out)
	}
	for _, secret := range []string{"A market order", "An ioc order", "equity_option leg", "SPY"} {
		if strings.Contains(out, secret) {
			t.Errorf("diagnostics show %q:\n%s", secret, out)
		}
	}
}

// HCL gives a for expression's iteration variables the values of a
// sensitive collection without their mark; errors inside the loop must
// not show them.
func TestSensitiveValuesInForExpressions(t *testing.T) {
	t.Parallel()
	cfg, diags := loadFiles(t, map[string]string{"main.tt.hcl": header + `
variable "syms" {
  sensitive = true
  default   = ["TSLAQ", "TSLAQ"]
}
variable "m" {
  sensitive = true
  default   = { a = 97.13 }
}
locals {
  a = [for s in var.syms : tonumber(s)]
  b = {for s in var.syms : s => s}
  c = [for k, v in var.m : v if v]
}
`}, LoadOptions{})
	out := diagText(cfg, diags)
	if !diags.HasErrors() {
		t.Fatalf("want errors, got:\n%s", out)
	}
	for _, secret := range []string{"TSLAQ", "97.13"} {
		if strings.Contains(out, secret) {
			t.Errorf("diagnostics show %q:\n%s", secret, out)
		}
	}
}
