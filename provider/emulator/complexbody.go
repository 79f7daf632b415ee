package emulator

import (
	"fmt"
	"slices"
)

// complexTypes are the complex order types the emulator serves.
var complexTypes = []string{complexOCO, complexOTO, complexOTOCO}

// complexBody is a new or dry-run complex order as sent.
type complexBody struct {
	Type    *string      `json:"type"`
	Source  *string      `json:"source"`
	Trigger *orderBody   `json:"trigger-order"`
	Orders  *[]orderBody `json:"orders"`
}

// complexSpec is a complex order whose fields have the right shapes:
// its components, the trigger first.
type complexSpec struct {
	Type  string
	parts []part
}

// part is one component of a complex order being placed.
type part struct {
	spec    orderSpec
	tag     string // complex-order-tag
	pid     int    // preflight-id
	trigger bool
	waits   bool // Contingent until the trigger fills
	closes  bool // an OCO order: every leg must close
	ck      checked
}

// parseComplex decodes a complex order body and checks its shape and
// that of every component, reporting all problems at once as a 400
// validation_error. A component's problems are named by where it is:
// "trigger-order.price", "orders[1].legs".
func parseComplex(body []byte) (complexSpec, reply, bool) {
	var b complexBody
	if rep, ok := decodeBody(body, &b); !ok {
		return complexSpec{}, rep, false
	}

	var errs shapeErrs
	cs := complexSpec{Type: complexType(&errs, b.Type)}
	structureRules(&errs, cs.Type, b)
	if b.Trigger != nil {
		cs.parts = append(cs.parts, part{spec: component(&errs, "trigger-order.", *b.Trigger),
			tag: cs.Type + "::trigger-order", trigger: true})
	}
	if b.Orders != nil {
		for i, ob := range *b.Orders {
			cs.parts = append(cs.parts, part{spec: component(&errs, fmt.Sprintf("orders[%d].", i), ob),
				tag: orderTag(cs.Type, i), waits: b.Trigger != nil, closes: cs.Type == complexOCO})
		}
	}
	for i := range cs.parts {
		cs.parts[i].pid = i
		if cs.parts[i].spec.Source == nil {
			cs.parts[i].spec.Source = b.Source
		}
	}

	if len(errs) > 0 {
		return cs, invalid(errs...), false
	}
	return cs, reply{}, true
}

func complexType(errs *shapeErrs, v *string) string {
	switch {
	case v == nil:
		errs.add("type", reasonMissing)
	case *v == "PAIRS":
		errs.add("type", "PAIRS is not served by the emulator")
	case !slices.Contains(complexTypes, *v):
		errs.add("type", reasonInvalid)
	default:
		return *v
	}
	return ""
}

// structureRules checks the trigger and the number of orders against the
// type: OCO is two orders and no trigger, OTOCO a trigger and two
// orders, OTO a trigger and one to three orders.
func structureRules(errs *shapeErrs, typ string, b complexBody) {
	n := 0
	if b.Orders != nil {
		n = len(*b.Orders)
	}
	if n == 0 {
		errs.add("orders", reasonMissing)
	}

	switch typ {
	case complexOCO:
		if b.Trigger != nil {
			errs.add("trigger-order", "must be absent for OCO")
		}
		if n != 0 && n != 2 {
			errs.add("orders", "must hold exactly 2 orders for OCO")
		}
	case complexOTOCO:
		if b.Trigger == nil {
			errs.add("trigger-order", reasonMissing)
		}
		if n != 0 && n != 2 {
			errs.add("orders", "must hold exactly 2 orders for OTOCO")
		}
	case complexOTO:
		if b.Trigger == nil {
			errs.add("trigger-order", reasonMissing)
		}
		if n > 3 {
			errs.add("orders", "must hold 1 to 3 orders for OTO")
		}
	}
}

// component checks one component's shape; its problems are prefixed.
func component(errs *shapeErrs, prefix string, b orderBody) orderSpec {
	var sub shapeErrs
	spec := checkOrderBody(&sub, b, false)
	for _, e := range sub {
		errs.add(prefix+e.Domain, e.Reason)
	}
	return spec
}

// orderTag is the complex-order-tag of the i-th of the orders.
func orderTag(typ string, i int) string {
	if typ == complexOTOCO {
		return fmt.Sprintf("OTOCO::oco-%d-order", i+1)
	}
	return typ + "::order"
}
