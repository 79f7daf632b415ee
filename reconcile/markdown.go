package reconcile

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"
)

// MarkdownLimit is the most characters a pull-request comment may hold.
const MarkdownLimit = 65536

// RenderMarkdown writes the plan as a pull-request comment: the summary
// first, then what changed outside ttplan, warnings and errors, then the
// list of changes and one collapsible section per change holding the
// same text the terminal shows, without colour. A plan too long for one
// comment loses sections, then list items, from the end, never the notes,
// with a note saying so.
//
// Addresses, reasons and notes may hold any text (for_each keys do), so
// they are HTML-escaped: no text can close a section or hide another.
func RenderMarkdown(w io.Writer, p *Plan) error {
	var head bytes.Buffer
	add, change, destroy := p.Summary()
	switch {
	case len(p.Errors) > 0:
		fmt.Fprintf(&head, "### ttplan: the plan failed with %d error(s)\n", len(p.Errors))
	case p.HasChanges():
		fmt.Fprintf(&head, "### ttplan: %d to add, %d to change, %d to destroy\n", add, change, destroy)
	default:
		head.WriteString("### ttplan: no changes\n\nThe live account matches the configuration.\n")
	}
	if p.Impact != nil {
		fmt.Fprintf(&head, "\nDry run in total: %s.\n", html.EscapeString(impactText(p.Impact)))
	}
	notesSection(&head, "Errors", p.Errors)
	notesSection(&head, "Changed outside ttplan", p.Drift)
	notesSection(&head, "Warnings", p.Warnings)

	items := make([]string, len(p.Changes))
	sections := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		items[i] = fmt.Sprintf("- <code>%s %s</code>%s\n", html.EscapeString(c.Action.Symbol()),
			html.EscapeString(c.Address), html.EscapeString(reasonSuffix(c)))
		r := &renderer{}
		r.change(c)
		sections[i] = fmt.Sprintf("\n<details><summary><code>%s %s</code></summary>\n\n```\n%s```\n</details>\n",
			html.EscapeString(c.Action.Symbol()), html.EscapeString(c.Address), fence(r.b.String()))
	}

	out := head.String()
	const room = 300 // for the truncation note
	if len(out)+room > MarkdownLimit {
		cut := strings.LastIndexByte(out[:MarkdownLimit-room], '\n')
		return finish(w, out[:cut+1], "the notes are cut short and the changes are not listed")
	}
	if len(items) > 0 {
		out += "\n"
	}
	for i, item := range items {
		if len(out)+len(item)+room > MarkdownLimit {
			return finish(w, out, fmt.Sprintf("%d of %d changes are not listed", len(items)-i, len(items)))
		}
		out += item
	}
	for i, s := range sections {
		if len(out)+len(s)+room > MarkdownLimit {
			return finish(w, out, fmt.Sprintf("the details of %d of %d changes are left out", len(sections)-i, len(sections)))
		}
		out += s
	}
	_, err := io.WriteString(w, out)
	return err
}

// finish writes a truncated comment with the note saying what is missing.
func finish(w io.Writer, out, missing string) error {
	out += fmt.Sprintf("\n> **Truncated:** %s, to fit the %d-character comment limit; "+
		"run `ttplan plan` to see them all.\n", missing, MarkdownLimit)
	_, err := io.WriteString(w, out)
	return err
}

func reasonSuffix(c *Change) string {
	if c.Reason == "" {
		return ""
	}
	return " (" + c.Reason + ")"
}

func notesSection(b *bytes.Buffer, title string, notes []Note) {
	if len(notes) == 0 {
		return
	}
	fmt.Fprintf(b, "\n#### %s\n\n", title)
	for _, n := range notes {
		if n.Address != "" {
			fmt.Fprintf(b, "- <code>%s</code>: %s\n", html.EscapeString(n.Address), html.EscapeString(n.Message))
		} else {
			fmt.Fprintf(b, "- %s\n", html.EscapeString(n.Message))
		}
	}
}

// fence keeps text from closing the code block it sits in.
func fence(s string) string {
	return strings.ReplaceAll(s, "```", "'''")
}
