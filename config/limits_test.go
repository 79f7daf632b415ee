package config

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func TestLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		want *Limits
	}{
		{name: "no block", src: "", want: nil},
		{name: "empty block", src: "limits {}", want: &Limits{}},
		{
			name: "every argument",
			src: `
variable "cap" {
  default = "2500.50"
}
locals {
  actions = 10
}
limits {
  max_order_value    = var.cap
  max_quantity       = 0.1 + 0.2
  max_actions        = local.actions
  max_cancel_percent = 100
}`,
			want: &Limits{
				MaxOrderValue:    dec("2500.5"),
				MaxQuantity:      dec("0.3"),
				MaxActions:       10,
				MaxCancelPercent: dec("100"),
			},
		},
		{
			name: "a small percentage, exactly",
			src: `limits {
  max_cancel_percent = "0.000000000001"
}`,
			want: &Limits{MaxCancelPercent: dec("0.000000000001")},
		},
		{
			name: "null is absent",
			src: `limits {
  max_order_value = null
  max_actions     = null
}`,
			want: &Limits{MaxOrderValue: decimal.NullDecimal{}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg := mustLoad(t, header+tt.src)
			if diff := cmp.Diff(tt.want, cfg.Limits, cmpConfig); diff != "" {
				t.Errorf("Load() Limits mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLimitsErrors(t *testing.T) {
	t.Parallel()
	const secret = "12345"
	tests := []struct {
		name  string
		src   string
		files map[string]string
	}{
		{
			name: "amounts not positive or not numbers",
			src: `
limits {
  max_order_value    = 0 # ERROR: Invalid max_order_value
  max_quantity       = "lots" # ERROR: Invalid max_quantity
  max_actions        = 0 # ERROR: Invalid max_actions
  max_cancel_percent = -5 # ERROR: Invalid max_cancel_percent
}`,
		},
		{
			name: "out of range",
			src: `
limits {
  max_order_value    = 100 / 3 # ERROR: Invalid max_order_value
  max_quantity       = [1] # ERROR: Incorrect attribute value type
  max_actions        = 2.5 # ERROR: Invalid max_actions
  max_cancel_percent = 100.01 # ERROR: Invalid max_cancel_percent
}`,
		},
		{
			name: "references",
			src: `
limits {
  max_order_value = each.value # ERROR: Reference to "each" in context without for_each
  max_quantity    = account.main.number # ERROR: Invalid reference
  max_actions     = var.missing # ERROR: Reference to undeclared input variable
}`,
		},
		{
			name: "sensitive",
			src: `
variable "secret" {
  sensitive = true
}
limits {
  max_order_value    = var.secret # ERROR: Sensitive limit
  max_actions        = var.secret # ERROR: Sensitive limit
  max_cancel_percent = var.secret # ERROR: Invalid max_cancel_percent # ERROR: Sensitive limit
}`,
		},
		{
			name: "unknown argument",
			src: `
limits {
  max_orders = 3 # ERROR: Unsupported argument
}`,
		},
		{
			name: "a label",
			src: `
limits "mine" { # ERROR: Extraneous label for limits
}`,
		},
		{
			name: "one block per configuration",
			src: `
limits {
  max_actions = 5
}
limits { # ERROR: Duplicate limits block
  max_actions = 6
}`,
			files: map[string]string{"other.tt.hcl": "limits {}"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			files := map[string]string{"main.tt.hcl": header + tt.src}
			var want []mark
			for name, src := range tt.files {
				files[name] = src
				want = append(want, mark{name, 1, "error", "Duplicate limits block"})
			}
			want = append(want, marksIn("main.tt.hcl", files["main.tt.hcl"])...)
			sortMarks(want)

			cfg, diags := loadFiles(t, files, LoadOptions{Environ: []string{"TTPLAN_VAR_secret=" + secret}})
			if diff := cmp.Diff(want, reportedMarks(diags)); diff != "" {
				t.Errorf("Load() diagnostics mismatch (-want +got):\n%s\n%s", diff, diagText(cfg, diags))
			}
			if text := diagText(cfg, diags); strings.Contains(text, secret) {
				t.Errorf("diagnostics show the sensitive value:\n%s", text)
			}
		})
	}
}

// A second limits block points at the first: its snippet shows the
// second, and its detail names the file and line of the first.
func TestDuplicateLimitsNamesTheFirst(t *testing.T) {
	t.Parallel()
	_, diags := loadFiles(t, map[string]string{
		"a.tt.hcl": header + "limits {}\n",
		"b.tt.hcl": "\n\nlimits {}\n",
	}, LoadOptions{})
	if len(diags) != 1 {
		t.Fatalf("Load() diagnostics = %v, want one", summaries(diags))
	}
	d := diags[0]
	if !strings.HasSuffix(d.Subject.Filename, "b.tt.hcl") || d.Subject.Start.Line != 3 {
		t.Errorf("diagnostic at %s, want b.tt.hcl line 3", d.Subject)
	}
	if !strings.Contains(d.Detail, "a.tt.hcl:8") {
		t.Errorf("detail %q does not name a.tt.hcl:8", d.Detail)
	}
}
