package provider

import (
	"time"
	_ "time/tzdata" // the exchange's zone on any machine
)

// NewYork is the exchange's time zone. Order dates, such as a GTD order's
// last day, are New York dates.
var NewYork = mustLoad("America/New_York")

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic("provider: time zone data missing: " + err.Error()) // cannot happen: tzdata is linked in
	}
	return loc
}
