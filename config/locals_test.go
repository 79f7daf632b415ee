package config

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestLocals(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  string // the name of watchlist.w
	}{
		{
			name: "a chain written backwards",
			files: map[string]string{"main.tt.hcl": header + `
watchlist "w" {
  name    = local.c
  symbols = []
}
locals {
  c = "${local.b}-c"
}
locals {
  b = "${local.a}-b"
  a = upper(var.base)
}
variable "base" {
  default = "a"
}
`},
			want: "A-b-c",
		},
		{
			name: "across files",
			files: map[string]string{
				"a.tt.hcl": header + `watchlist "w" {
  name    = local.name
  symbols = []
}`,
				"b.tt.hcl": `locals {
  name = "${account.main.number}/${join(",", local.parts)}"
}`,
				"c.tt.hcl": `locals {
  parts = [for p in ["x", "y"] : upper(p)]
}`,
			},
			want: "5WT00001/X,Y",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, diags := loadFiles(t, tt.files, LoadOptions{})
			if len(diags) > 0 {
				t.Fatalf("Load() diagnostics:\n%s", diagText(cfg, diags))
			}
			if got := cfg.Watchlists[0].Name; got != tt.want {
				t.Errorf("watchlist name = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLocalsErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{
			name: "self reference",
			src:  `locals { a = local.a }`,
			want: []string{"error: Cycle in local values"},
		},
		{
			name: "three-step cycle reported once, dependants silent",
			src: `locals {
  a = local.b
  b = local.c
  c = [local.a, local.a]
  d = local.a
}`,
			want: []string{"error: Cycle in local values"},
		},
		{
			name: "duplicate across blocks",
			src:  "locals {\n a = 1\n}\nlocals {\n a = 2\n}",
			want: []string{"error: Duplicate local value"},
		},
		{
			name: "undeclared local with a suggestion",
			src:  "locals {\n name = 1\n b = local.nmae\n}",
			want: []string{"error: Reference to undeclared local value"},
		},
		{
			name: "a local may not refer to each",
			src:  `locals { a = each.value }`,
			want: []string{`error: Reference to "each" in context without for_each`},
		},
		{
			name: "no time functions",
			src:  `locals { a = timestamp() }`,
			want: []string{"error: Call to unknown function"},
		},
		{
			name: "no file functions",
			src:  `locals { a = file("x") }`,
			want: []string{"error: Call to unknown function"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, diags := loadSource(t, header+tt.src)
			if diff := cmp.Diff(tt.want, summaries(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestFunctions(t *testing.T) {
	t.Parallel()
	cfg := mustLoad(t, header+`
locals {
  m = { b = 2, a = 1 }
  names = [
    upper("a"), lower("B"), title("c d"), trimspace(" e "), format("%s-%d", "f", 1),
    join("", formatlist("%s", ["g"])), split(",", "h,i")[1], replace("jx", "x", ""),
    substr("kk", 0, 1), regex("[l]+", "xlx"), tostring(length("mm")), tostring(length([1])),
    concat(["n"], [])[0], tostring(contains(["o"], "o")), distinct(["p", "p"])[0],
    flatten([["q"]])[0], keys(local.m)[0], tostring(values(local.m)[0]),
    lookup({ r = "r" }, "r", "x"), merge({ s = "s" }, {}).s, element(["t"], 0),
    slice(["u", "v"], 0, 1)[0], sort(["w", "a"])[1], reverse(["y", "x"])[0],
    tostring(range(3)[2]), coalesce(null, "z"), coalescelist([], ["aa"])[0],
    tostring(min(1, 2)), tostring(max(1, 2)), tostring(abs(-3)), tostring(ceil(1.2)),
    tostring(floor(1.8)), tostring(tonumber("4")), tostring(tobool("true")),
    tolist(["bb"])[0], sort(tolist(toset(["cc"])))[0], tomap({ k = "dd" }).k,
    sort(tolist(setunion(["ee"], ["ee"])))[0], zipmap(["k"], ["ff"]).k,
    jsonencode({ a = 1 }), jsondecode("\"gg\""),
  ]
}
watchlist "w" {
  name    = join(" ", local.names)
  symbols = []
}
`)
	const want = `A b C D e f-1 g i j k l 2 1 n true p q a 1 r s t u w x 2 z aa 1 2 3 2 1 4 true bb cc dd ee ff {"a":1} gg`
	if got := cfg.Watchlists[0].Name; got != want {
		t.Errorf("functions gave\n%q, want\n%q", got, want)
	}
}
