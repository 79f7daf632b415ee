package reconcile

import (
	"fmt"
	"io"
	"strings"

	"github.com/shopspring/decimal"
)

// RenderOptions controls how a plan is printed.
type RenderOptions struct {
	// Color adds ANSI colours; only for a terminal.
	Color bool
}

// Render writes the plan the way Terraform does: what changed outside
// ttplan, then one block per change sorted by address, then the summary
// line. Warnings and errors are not part of it: they are diagnostics,
// for the caller to write to stderr.
func Render(w io.Writer, p *Plan, opts RenderOptions) error {
	r := &renderer{color: opts.Color}

	r.drift(p.Drift)
	if !p.HasChanges() {
		r.line(r.bold("No changes.") + " Your account matches the configuration.")
		r.line("")
		r.line("ttplan compared the live account with the configuration and found no")
		r.line("differences, so no changes are needed.")
		return r.flush(w)
	}

	r.legend(p.Changes)
	r.line("ttplan will perform the following actions:")
	r.line("")
	for _, c := range p.Changes {
		r.change(c)
	}
	add, change, destroy := p.Summary()
	r.line(fmt.Sprintf("%s %d to add, %d to change, %d to destroy.", r.bold("Plan:"), add, change, destroy))
	if p.Impact != nil {
		r.line("Dry run in total: " + impactText(p.Impact) + ".")
	}
	return r.flush(w)
}

type renderer struct {
	color bool
	b     strings.Builder
}

func (r *renderer) line(s string) {
	r.b.WriteString(s)
	r.b.WriteByte('\n')
}

func (r *renderer) flush(w io.Writer) error {
	_, err := io.WriteString(w, r.b.String())
	return err
}

func (r *renderer) drift(notes []Note) {
	if len(notes) == 0 {
		return
	}
	r.line(r.bold("Note: Objects have changed outside of ttplan"))
	r.line("")
	for _, n := range notes {
		r.line("  # " + r.bold(n.Address) + ": " + n.Message)
	}
	r.line("")
}

// legend lists the symbols the plan uses.
func (r *renderer) legend(changes []*Change) {
	words := map[Action]string{
		Create:           "create",
		Update:           "update in-place",
		Replace:          "cancel, then place again",
		CreateThenDelete: "create replacement, then destroy",
		Delete:           "destroy",
	}
	seen := map[Action]bool{}
	for _, c := range changes {
		seen[c.Action] = true
	}

	r.line("ttplan will make the live account match the configuration. Actions are")
	r.line("indicated with the following symbols:")
	for _, a := range []Action{Create, Update, Replace, CreateThenDelete, Delete} {
		if seen[a] {
			r.line(fmt.Sprintf("%s %s", r.symbol(a), words[a]))
		}
	}
	r.line("")
}

// change writes one change: the comment header, then the object.
func (r *renderer) change(c *Change) {
	r.line("  " + r.bold("# "+c.Address+" "+headline(c)))
	if c.Reason != "" {
		r.line("  # (" + c.Reason + ")")
	}

	r.line(fmt.Sprintf("%s %s %s {", r.symbol(c.Action), c.Kind, quote(c.Label)))
	switch c.Action {
	case Create:
		r.whole(c.After, "+", 1)
	case Delete:
		r.whole(c.Before, "-", 1)
	default:
		r.diff(c.Before, c.After, c.ForcesReplacement, 1)
	}
	r.line("    }")
	r.impact(c.Impact)
	r.line("")
}

// impact writes a change's dry run under it.
func (r *renderer) impact(imp *Impact) {
	if imp == nil {
		return
	}
	r.line("    # dry run: " + impactText(imp))
	for _, w := range imp.Warnings {
		r.line("    # broker warning: " + w)
	}
}

// impactText is "buying power -955.00, fees 1.02".
func impactText(imp *Impact) string {
	if imp.Sensitive {
		return "buying power " + SensitiveText + ", fees " + SensitiveText
	}
	return fmt.Sprintf("buying power %s, fees %s", money(imp.BuyingPower, true), money(imp.Fees, false))
}

// money writes an amount with at least two decimals, and up to four when
// it has them, so that fees of 0.004 do not show as 0.00; with sign, a
// positive amount gets a plus.
func money(d decimal.Decimal, sign bool) string {
	s := d.StringFixed(2)
	if r := d.Round(4); !r.Equal(d.Round(2)) {
		s = r.String()
	}
	if sign && d.IsPositive() {
		return "+" + s
	}
	return s
}

func headline(c *Change) string {
	order := c.Kind == "order"
	switch c.Action {
	case Create:
		if order {
			return "will be placed"
		}
		return "will be created"
	case Update:
		return "will be updated in-place"
	case Replace:
		return "will be cancelled and placed again"
	case CreateThenDelete:
		return "must be replaced"
	case Delete:
		if order {
			return "will be cancelled"
		}
		return "will be destroyed"
	}
	return "will change"
}

const (
	green  = "32"
	yellow = "33"
	red    = "31"
)

func (r *renderer) paint(code, s string) string {
	if !r.color || s == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (r *renderer) bold(s string) string { return r.paint("1", s) }

// symbol returns an action's marker, right-aligned in three columns.
func (r *renderer) symbol(a Action) string {
	switch a {
	case Create:
		return "  " + r.paint(green, "+")
	case Update:
		return "  " + r.paint(yellow, "~")
	case Replace:
		return r.paint(red, "-") + "/" + r.paint(green, "+")
	case CreateThenDelete:
		return r.paint(green, "+") + "/" + r.paint(red, "-")
	case Delete:
		return "  " + r.paint(red, "-")
	}
	return "  ?"
}

// mark colours a one-character change marker inside a body.
func (r *renderer) mark(m string) string {
	switch m {
	case "+":
		return r.paint(green, m)
	case "-":
		return r.paint(red, m)
	case "~":
		return r.paint(yellow, m)
	}
	return m
}
