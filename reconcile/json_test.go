package reconcile

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func planSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("plan.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}

	c := jsonschema.NewCompiler()
	if err := c.AddResource("plan.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("plan.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJSONMatchesSchema checks plan documents against the schema kept in
// the repository.
func TestJSONMatchesSchema(t *testing.T) {
	t.Parallel()
	schema := planSchema(t)

	withNotes := mixedPlan()
	withNotes.Warnings = []Note{{Message: "a warning"}}
	withNotes.Errors = []Note{{Address: "order.x", Message: "an error"}}
	for name, p := range map[string]*Plan{"mixed": mixedPlan(), "empty": {}, "notes": withNotes} {
		var buf bytes.Buffer
		if err := WriteJSON(&buf, p, "test"); err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(&buf)
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s plan does not match the schema: %v", name, err)
		}
	}
}

// TestSchemaRejects makes sure the schema is not so loose that anything
// passes.
func TestSchemaRejects(t *testing.T) {
	t.Parallel()
	schema := planSchema(t)
	for _, bad := range []string{
		`{}`,
		`{"format_version":"2.0","ttplan_version":"x","resource_changes":[],"drift":[],"warnings":[],"errors":[],"summary":{"add":0,"change":0,"destroy":0}}`,
		`{"format_version":"1.0","ttplan_version":"x","resource_changes":[{"address":"order.a","type":"order","name":"a","action":"create","before":{"attributes":[]},"after":null}],"drift":[],"warnings":[],"errors":[],"summary":{"add":1,"change":0,"destroy":0}}`,
	} {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewBufferString(bad))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(doc) == nil {
			t.Errorf("schema accepted %s", bad)
		}
	}
}

// TestRenderFromJSON renders the human plan from a JSON plan: it must be
// the golden the plan itself renders to.
func TestRenderFromJSON(t *testing.T) {
	t.Parallel()

	var doc bytes.Buffer
	if err := WriteJSON(&doc, mixedPlan(), "test"); err != nil {
		t.Fatal(err)
	}
	golden(t, "render_mixed.json", doc.Bytes())

	p, err := ReadJSON(&doc)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Render(&out, p, RenderOptions{}); err != nil {
		t.Fatal(err)
	}
	golden(t, "render_mixed.txt", out.Bytes())
}

func TestRenderMarkdown(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	if err := RenderMarkdown(&buf, mixedPlan()); err != nil {
		t.Fatal(err)
	}
	golden(t, "render_mixed.md", buf.Bytes())
	if bytes.ContainsRune(buf.Bytes(), '\x1b') {
		t.Error("Markdown holds ANSI escapes")
	}
}

// TestRenderMarkdownTruncates: a plan too long for one comment is cut
// below the limit, at a section, and says so.
func TestRenderMarkdownTruncates(t *testing.T) {
	t.Parallel()
	p := &Plan{}
	for i := 0; i < 400; i++ {
		c := *mixedPlan().Changes[1]
		c.Address = fmt.Sprintf("order.o%03d", i)
		p.Changes = append(p.Changes, &c)
	}
	var buf bytes.Buffer
	if err := RenderMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if len(out) > MarkdownLimit {
		t.Errorf("comment is %d characters, over the %d limit", len(out), MarkdownLimit)
	}
	if !strings.Contains(out, "**Truncated:**") || strings.Count(out, "<details>") != strings.Count(out, "</details>") {
		t.Errorf("want a truncation note and whole sections; got %d characters ending %q", len(out), out[len(out)-200:])
	}
}

// TestRenderMarkdownEscapes: an address may hold any text; none can
// close a section or open a comment that hides the next ones.
func TestRenderMarkdownEscapes(t *testing.T) {
	t.Parallel()
	p := mixedPlan()
	p.Changes[0].Address = "order.x[\"a</code></summary></details><!--\"]"
	p.Warnings = []Note{{Address: "order.y[\"b`x\"]", Message: "<script>-->"}}
	var buf bytes.Buffer
	if err := RenderMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	// Text inside fenced code blocks is shown literally; check the rest.
	var outside strings.Builder
	for i, part := range strings.Split(buf.String(), "```") {
		if i%2 == 0 {
			outside.WriteString(part)
		}
	}
	out := outside.String()
	for _, bad := range []string{"<!--", "-->", "<script>", "a</code>"} {
		if strings.Contains(out, bad) {
			t.Errorf("Markdown holds %q unescaped", bad)
		}
	}
	if strings.Count(out, "<details>") != len(p.Changes) || strings.Count(out, "</details>") != len(p.Changes) {
		t.Errorf("sections unbalanced")
	}
}

// TestRenderMarkdownKeepsNotes: cut for size, a plan keeps its errors
// and warnings, and one with errors does not claim to match.
func TestRenderMarkdownKeepsNotes(t *testing.T) {
	t.Parallel()
	p := &Plan{Errors: []Note{{Message: "an error"}}, Warnings: []Note{{Message: "a warning"}}}
	for i := 0; i < 2000; i++ {
		c := *mixedPlan().Changes[1]
		c.Address = fmt.Sprintf("order.o%04d", i)
		p.Changes = append(p.Changes, &c)
	}
	var buf bytes.Buffer
	if err := RenderMarkdown(&buf, p); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if len(out) > MarkdownLimit || !strings.Contains(out, "an error") || !strings.Contains(out, "a warning") ||
		!strings.Contains(out, "**Truncated:**") || !strings.HasPrefix(out, "### ttplan: the plan failed") {
		t.Errorf("got %d characters starting %q", len(out), out[:120])
	}
}
