package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// The prompt of a production apply names the environment and the
// accounts, so that nobody approves it thinking it is the sandbox.
func TestConfirmNamesProductionAndAccounts(t *testing.T) {
	t.Parallel()
	tests := []struct {
		env      string
		accounts []string
		answer   string
		want     []string
		wantOK   bool
	}{
		{"production", []string{"5WT00001", "5WT00002"}, "yes\n",
			[]string{"PRODUCTION environment", "on account 5WT00001, 5WT00002", "Real orders"}, true},
		{"production", nil, "no\n", []string{"PRODUCTION environment?"}, false},
		{"sandbox", []string{"5WT00001"}, "yes\n", []string{"Do you want to perform these actions?\n"}, true},
	}
	for _, tt := range tests {
		var errOut bytes.Buffer
		g := &globals{io: &streams{In: strings.NewReader(tt.answer), Out: &bytes.Buffer{}, ErrOut: &errOut}}
		ok, err := confirm(context.Background(), g, tt.env, tt.accounts)
		if err != nil || ok != tt.wantOK {
			t.Errorf("%s: confirm() = %v, %v; want %v", tt.env, ok, err, tt.wantOK)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut.String(), w) {
				t.Errorf("%s: prompt lacks %q:\n%s", tt.env, w, errOut.String())
			}
		}
		if tt.env != "production" && strings.Contains(errOut.String(), "PRODUCTION") {
			t.Errorf("%s: prompt mentions production:\n%s", tt.env, errOut.String())
		}
	}
}
