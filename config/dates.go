package config

import (
	"strings"
	"time"
	_ "time/tzdata" // New York dates must not depend on the host's zone files.
)

// dateLayout is the API's date form, YYYY-MM-DD.
const dateLayout = "2006-01-02"

// newYork is the zone of the exchange calendar that GTD dates follow.
var newYork = loadNewYork()

func loadNewYork() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		// Unreachable with time/tzdata linked in.
		return time.FixedZone("EST", -5*60*60)
	}
	return loc
}

// shownDate is a date for a detail, or a placeholder when it is
// sensitive.
func shownDate(date string, sensitive bool) string {
	if sensitive {
		return "(sensitive value)"
	}
	return date
}

// readDate evaluates the argument name as a real date in YYYY-MM-DD form.
func readDate(r *reader, name string) (string, field) {
	s, v := r.str(name)
	if v.state != present {
		return "", v.field
	}

	s = strings.TrimSpace(s)
	if _, err := time.Parse(dateLayout, s); err != nil {
		r.diags = append(r.diags, errorAt(v.rng, "Invalid GTC date",
			"%s is not a date in the form YYYY-MM-DD, such as \"2026-12-18\".",
			shown(s, v.sensitive)))
		v.state = broken
		return "", v.field
	}
	return s, v.field
}
