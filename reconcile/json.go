package reconcile

import (
	"encoding/json"
	"fmt"
	"io"
)

// FormatVersion is the version of the JSON plan document. A change that
// could break a reader bumps the major number.
const FormatVersion = "1.0"

// Document is a plan as JSON: the same structure the human rendering is
// made from, so the two cannot disagree. reconcile/plan.schema.json
// describes it.
type Document struct {
	FormatVersion string `json:"format_version"`
	Version       string `json:"ttplan_version"`
	*Plan
	Summary Summary `json:"summary"`
}

// Summary is the plan's count of changes, as its last line says.
type Summary struct {
	Add     int `json:"add"`
	Change  int `json:"change"`
	Destroy int `json:"destroy"`
}

// WriteJSON writes the plan as one JSON document.
func WriteJSON(w io.Writer, p *Plan, version string) error {
	add, change, destroy := p.Summary()
	doc := Document{FormatVersion: FormatVersion, Version: version, Plan: withEmptyLists(p),
		Summary: Summary{Add: add, Change: change, Destroy: destroy}}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// ReadJSON reads a plan document. The plan it returns renders as the
// original did, but cannot be applied: what apply needs is not in the
// document.
func ReadJSON(r io.Reader) (*Plan, error) {
	var doc Document
	if err := json.NewDecoder(r).Decode(&doc); err != nil {
		return nil, fmt.Errorf("read plan document: %w", err)
	}
	if doc.FormatVersion != FormatVersion {
		return nil, fmt.Errorf("read plan document: format_version %q, want %q", doc.FormatVersion, FormatVersion)
	}
	if doc.Plan == nil {
		return &Plan{}, nil
	}
	return doc.Plan, nil
}

// withEmptyLists returns p with empty lists instead of nil ones, so the
// document always has arrays where the schema says so.
func withEmptyLists(p *Plan) *Plan {
	out := *p
	if out.Changes == nil {
		out.Changes = []*Change{}
	}
	for _, l := range []*[]Note{&out.Drift, &out.Warnings, &out.Errors} {
		if *l == nil {
			*l = []Note{}
		}
	}
	return &out
}
