package config

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/zclconf/go-cty/cty"
)

// Money and quantities are exact decimals from the source text to the
// request: an HCL number such as 95.50 is read from its arbitrary
// precision value by a decimal spelling, never through a float64, and a
// string such as "95.50" is parsed as a decimal.

// maxPlaces is the most decimal places ttplan accepts. ttplan never
// rounds a price, so a computed value with a long expansion (100 / 3) is
// an error that asks for the exact value.
const maxPlaces = 12

// significantDigits is how many digits of an HCL number are kept.
const significantDigits = 40

var (
	errPlaces = fmt.Errorf("has more than %d decimal places; give the exact value", maxPlaces)
	errRange  = errors.New("is out of range")
)

// maxMagnitude bounds amounts well above anything a broker accepts, and
// keeps absurd exponents from being spelled out digit by digit.
var maxMagnitude = decimal.New(1, 15)

// toDecimal reads an HCL number or a string as an exact decimal.
func toDecimal(v cty.Value) (decimal.Decimal, error) {
	switch v.Type() {
	case cty.Number:
		return numberDecimal(v)
	case cty.String:
		return stringDecimal(v.AsString())
	}
	return decimal.Decimal{}, errors.New("must be a number or a string holding one")
}

// numberDecimal converts an HCL number through a decimal spelling of
// significantDigits digits. That keeps every digit anyone writes and
// drops the noise that arithmetic leaves in the last of HCL's 512 binary
// digits: there, 1.15 + 0.05 is 1.19999…9 with 150 nines.
func numberDecimal(v cty.Value) (decimal.Decimal, error) {
	bf := v.AsBigFloat()
	if bf.IsInf() {
		return decimal.Decimal{}, errors.New("must be a finite number")
	}
	switch exp := bf.MantExp(nil); {
	case exp > 64:
		return decimal.Decimal{}, errRange
	case exp < -64 && bf.Sign() != 0:
		return decimal.Decimal{}, errPlaces
	}
	return checkDecimal(bf.Text('e', significantDigits-1))
}

// stringDecimal parses a decimal written as a string: "95.50", "1e2".
func stringDecimal(s string) (decimal.Decimal, error) {
	return checkDecimal(strings.TrimSpace(s))
}

// checkDecimal parses s, drops trailing fractional zeros and keeps the
// result within range and precision.
func checkDecimal(s string) (decimal.Decimal, error) {
	d, err := decimal.NewFromString(s)
	switch {
	case err != nil:
		return decimal.Decimal{}, fmt.Errorf("%q is not a number", s)
	case d.Exponent() > 18:
		return decimal.Decimal{}, errRange
	case d.Exponent() < -100:
		return decimal.Decimal{}, errPlaces
	}

	d = trimZeros(d)
	switch {
	case d.Abs().GreaterThanOrEqual(maxMagnitude):
		return decimal.Decimal{}, errRange
	case d.Exponent() < -maxPlaces:
		return decimal.Decimal{}, errPlaces
	}
	return d, nil
}

// trimZeros drops the trailing zeros of d's fraction, so that "95.50"
// and 95.5 are stored alike.
func trimZeros(d decimal.Decimal) decimal.Decimal {
	coef, exp := d.Coefficient(), d.Exponent()
	if coef.Sign() == 0 {
		return decimal.Zero
	}

	ten, q, m := big.NewInt(10), new(big.Int), new(big.Int)
	for exp < 0 {
		q.QuoRem(coef, ten, m)
		if m.Sign() != 0 {
			break
		}
		coef, exp = new(big.Int).Set(q), exp+1
	}
	return decimal.NewFromBigInt(coef, exp)
}

// amount evaluates the argument name as a positive exact decimal. what
// names it in messages ("price") and hint says where the direction goes
// instead of a sign.
func (r *reader) amount(name, what, hint string) (decimal.NullDecimal, field) {
	v := r.get(name)
	if v.state != present {
		return decimal.NullDecimal{}, v.field
	}

	d, err := toDecimal(v.Value)
	switch {
	case err != nil && v.Type() != cty.Number && v.Type() != cty.String:
		r.diags = append(r.diags, wrongType(v, name, "a number"))
	case err != nil:
		r.diags = append(r.diags, errorAt(v.rng, "Invalid "+what,
			"The %s %s.", what, redact(err.Error(), v.sensitive)))
	case d.Sign() <= 0:
		r.diags = append(r.diags, errorAt(v.rng, "Invalid "+what,
			"The %s must be greater than zero: %s.", what, hint))
	default:
		return decimal.NewNullDecimal(d), v.field
	}
	v.state = broken
	return decimal.NullDecimal{}, v.field
}

// redact replaces a message that may quote a sensitive value.
func redact(msg string, sensitive bool) string {
	if sensitive && strings.Contains(msg, `"`) {
		return "is not a number"
	}
	return msg
}
