package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ttplan/ttplan/config"
)

// validateCmd checks the configuration without credentials or network.
func validateCmd(_ context.Context, g *globals, args []string) (int, error) {
	var pf planFlags
	var asJSON bool
	fs := newFlags(g, "validate", "validate [options]")
	pf.register(fs)
	fs.BoolVar(&asJSON, "json", false, "print the result as JSON on stdout")
	if err := parseFlags(fs, args, 0); err != nil {
		return exitError, err
	}

	cfg, diags := config.Load(g.dir, loadOptions(g, &pf))
	if asJSON {
		return writeValidateJSON(g, cfg, diags.HasErrors(), config.JSONDiagnostics(cfg.Files, diags))
	}

	if len(diags) > 0 {
		if err := config.WriteDiagnostics(g.io.ErrOut, cfg.Files, diags, 0, false); err != nil {
			return exitError, err
		}
	}
	if diags.HasErrors() {
		return exitError, errSilent
	}
	fmt.Fprintln(g.io.Out, "Success! The configuration is valid.")
	return exitOK, nil
}

// validateResult is the JSON document validate -json prints.
type validateResult struct {
	FormatVersion string                  `json:"format_version"`
	Valid         bool                    `json:"valid"`
	ErrorCount    int                     `json:"error_count"`
	WarningCount  int                     `json:"warning_count"`
	Diagnostics   []config.JSONDiagnostic `json:"diagnostics"`
}

func writeValidateJSON(g *globals, cfg *config.Config, failed bool, diags []config.JSONDiagnostic) (int, error) {
	res := validateResult{FormatVersion: config.DiagnosticsFormatVersion, Valid: !failed, Diagnostics: diags}
	for _, d := range diags {
		if d.Severity == "error" {
			res.ErrorCount++
		} else {
			res.WarningCount++
		}
	}

	enc := json.NewEncoder(g.io.Out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return exitError, err
	}
	if failed {
		return exitError, nil
	}
	return exitOK, nil
}
