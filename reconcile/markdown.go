package reconcile

import (
	"bytes"
	"fmt"
	"io"
	"strings"
)

// MarkdownLimit is the most characters a pull-request comment may hold.
const MarkdownLimit = 65536

// RenderMarkdown writes the plan as a pull-request comment: the summary
// first, then what changed outside ttplan, warnings and errors, then one
// collapsible section per change holding the same text the terminal
// shows, without colour. A plan too long for one comment is cut at a
// section boundary, with a note saying how many changes were left out.
func RenderMarkdown(w io.Writer, p *Plan) error {
	var head bytes.Buffer
	add, change, destroy := p.Summary()
	if p.HasChanges() {
		fmt.Fprintf(&head, "### ttplan: %d to add, %d to change, %d to destroy\n\n", add, change, destroy)
		for _, c := range p.Changes {
			fmt.Fprintf(&head, "- `%s` `%s`%s\n", c.Action.Symbol(), c.Address, reasonSuffix(c))
		}
	} else {
		head.WriteString("### ttplan: no changes\n\nThe live account matches the configuration.\n")
	}
	notesSection(&head, "Changed outside ttplan", p.Drift)
	notesSection(&head, "Warnings", p.Warnings)
	notesSection(&head, "Errors", p.Errors)

	sections := make([]string, len(p.Changes))
	for i, c := range p.Changes {
		r := &renderer{}
		r.change(c)
		sections[i] = fmt.Sprintf("\n<details><summary><code>%s %s</code></summary>\n\n```\n%s```\n</details>\n",
			c.Action.Symbol(), c.Address, fence(r.b.String()))
	}

	out := head.String()
	if len(out) > MarkdownLimit-300 {
		cut := strings.LastIndexByte(out[:MarkdownLimit-300], '\n')
		out = out[:cut+1] + "\n> **Truncated:** the list of changes is too long for one comment; " +
			"run `ttplan plan` to see it all.\n"
		sections = nil
	}
	for i, s := range sections {
		if len(out)+len(s)+200 > MarkdownLimit {
			out += fmt.Sprintf("\n> **Truncated:** the details of %d of %d changes are left out to fit "+
				"the %d-character comment limit; run `ttplan plan` to see them all.\n",
				len(sections)-i, len(sections), MarkdownLimit)
			break
		}
		out += s
	}
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
			fmt.Fprintf(b, "- `%s`: %s\n", n.Address, n.Message)
		} else {
			fmt.Fprintf(b, "- %s\n", n.Message)
		}
	}
}

// fence keeps text from closing the code block it sits in.
func fence(s string) string {
	return strings.ReplaceAll(s, "```", "'''")
}
