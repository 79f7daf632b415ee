package tastytrade

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/ttplan/ttplan/provider"
)

func TestWireScalars(t *testing.T) {
	t.Parallel()
	ms := time.UnixMilli(1748439528049).UTC()
	iso := time.Date(2025, 5, 28, 13, 38, 47, 851e6, time.UTC)
	tests := []struct {
		json    string
		into    func() any
		want    any
		wantErr bool
	}{
		{`54758826`, func() any { return new(wireInt) }, wireInt(54758826), false},
		{`"771043"`, func() any { return new(wireInt) }, wireInt(771043), false},
		{`null`, func() any { return new(wireInt) }, wireInt(0), false},
		{`""`, func() any { return new(wireInt) }, wireInt(0), false},
		{`"12a"`, func() any { return new(wireInt) }, nil, true},
		{`true`, func() any { return new(wireInt) }, nil, true},
		{`"FAKE-FILL"`, func() any { return new(wireString) }, wireString("FAKE-FILL"), false},
		{`123`, func() any { return new(wireString) }, wireString("123"), false},
		{`"true"`, func() any { return new(wireBool) }, wireBool(true), false},
		{`null`, func() any { return new(wireBool) }, wireBool(false), false},
		{`"maybe"`, func() any { return new(wireBool) }, nil, true},
		{`1748439528049`, func() any { return new(wireTime) }, wireTime(ms), false},
		{`"1748439528049"`, func() any { return new(wireTime) }, wireTime(ms), false},
		{`"2025-05-28T13:38:47.851+00:00"`, func() any { return new(wireTime) }, wireTime(iso), false},
		{`"2025-05-28T15:38:47.851+0200"`, func() any { return new(wireTime) }, wireTime(iso), false},
		{`"2025-05-28T13:38:47.851Z"`, func() any { return new(wireTime) }, wireTime(iso), false},
		{`0`, func() any { return new(wireTime) }, wireTime{}, false},
		{`"yesterday"`, func() any { return new(wireTime) }, wireTime{}, false},
	}
	for _, tt := range tests {
		v := tt.into()
		err := json.Unmarshal([]byte(tt.json), v)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Unmarshal(%s) into %T succeeded", tt.json, v)
			}
			continue
		}
		if err != nil {
			t.Errorf("Unmarshal(%s) into %T: %v", tt.json, v, err)
			continue
		}
		got := deref(v)
		if gt, ok := got.(wireTime); ok {
			if !gt.time().Equal(tt.want.(wireTime).time()) {
				t.Errorf("Unmarshal(%s) = %v, want %v", tt.json, gt.time(), tt.want.(wireTime).time())
			}
			continue
		}
		if got != tt.want {
			t.Errorf("Unmarshal(%s) = %v, want %v", tt.json, got, tt.want)
		}
	}
}

func deref(v any) any {
	switch p := v.(type) {
	case *wireInt:
		return *p
	case *wireString:
		return *p
	case *wireBool:
		return *p
	case *wireTime:
		return *p
	}
	return nil
}

func TestWireDecimal_exact(t *testing.T) {
	t.Parallel()
	for _, in := range []string{`"95.50"`, `95.5`, `"95.5"`, `95.500`} {
		var d wireDecimal
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatalf("Unmarshal(%s): %v", in, err)
		}
		if !d.Valid || !d.Decimal.Equal(decimal.RequireFromString("95.5")) {
			t.Errorf("Unmarshal(%s) = %v, want 95.5", in, d.Decimal)
		}
	}
	// Beyond float64's precision.
	var d wireDecimal
	if err := json.Unmarshal([]byte(`"8995981.26130000000001"`), &d); err != nil ||
		d.Decimal.String() != "8995981.26130000000001" {
		t.Errorf("long decimal = %v, %v", d.Decimal, err)
	}
	var null wireDecimal
	if err := json.Unmarshal([]byte(`null`), &null); err != nil || null.Valid {
		t.Errorf("null decimal = %+v, %v; want absent", null, err)
	}
}

func TestOrderBody_exactDecimals(t *testing.T) {
	t.Parallel()
	spec := provider.OrderSpec{OrderType: provider.Limit, TimeInForce: provider.GTC,
		Price: dec("95.50"), PriceEffect: provider.Debit,
		Legs: []provider.Leg{{InstrumentType: provider.Cryptocurrency, Symbol: "btc/usd",
			Action: provider.BuyToOpen, Quantity: dec("0.00050")}}}
	body, err := orderBody(spec, true)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"price":"95.5"`, `"quantity":0.0005`, `"symbol":"BTC/USD"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("body %s lacks %s", b, want)
		}
	}
	if strings.Contains(string(b), "advanced-instructions") {
		t.Errorf("body %s asks for strict position effect unasked", b)
	}
}
