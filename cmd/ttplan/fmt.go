package main

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"

	"github.com/ttplan/ttplan/config"
	"github.com/ttplan/ttplan/internal/atomicfile"
)

// exitUnformatted is fmt -check's exit code when a file needs formatting.
const exitUnformatted = 3

// fmtCmd rewrites configuration and variables files in HCL's canonical
// format, like terraform fmt. It needs no credentials and no network.
func fmtCmd(_ context.Context, g *globals, args []string) (int, error) {
	var check, diff, recursive bool
	fs := newFlags(g, "fmt", "fmt [options] [DIR or FILE]")
	fs.BoolVar(&check, "check", false, "change nothing; exit 3 when a file needs formatting")
	fs.BoolVar(&diff, "diff", false, "print what would change, as a unified diff")
	fs.BoolVar(&recursive, "recursive", false, "also format subdirectories")
	if err := parseFlags(fs, args, 1); err != nil {
		return exitError, err
	}

	target := g.dir
	if fs.NArg() == 1 {
		target = fs.Arg(0)
		if !filepath.IsAbs(target) {
			target = filepath.Join(g.dir, target)
		}
	}
	files, err := formatTargets(target, recursive)
	if err != nil {
		return exitError, err
	}

	var diags hcl.Diagnostics
	parsed := map[string]*hcl.File{}
	unformatted := 0
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return exitError, err
		}
		f, d := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		parsed[path] = f
		if d.HasErrors() {
			diags = append(diags, d...)
			continue
		}

		out := hclwrite.Format(src)
		if bytes.Equal(src, out) {
			continue
		}
		unformatted++
		fmt.Fprintln(g.io.Out, displayPath(g.dir, path))
		if diff {
			fmt.Fprint(g.io.Out, udiff.Unified("old/"+displayPath(g.dir, path), "new/"+displayPath(g.dir, path), string(src), string(out)))
		}
		if !check {
			if err := writeKeepingMode(path, out); err != nil {
				return exitError, err
			}
		}
	}

	if diags.HasErrors() {
		if err := config.WriteDiagnostics(g.io.ErrOut, parsed, diags, 0, false); err != nil {
			return exitError, err
		}
		return exitError, errSilent
	}
	if check && unformatted > 0 {
		return exitUnformatted, nil
	}
	return exitOK, nil
}

// formatTargets lists the files fmt works on: the file named, or the
// *.tt.hcl and *.ttvars files of the directory (and, with recursive, of
// its subdirectories other than hidden ones such as .ttplan).
func formatTargets(target string, recursive bool) ([]string, error) {
	info, err := os.Stat(target)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return []string{target}, nil
	}

	var out []string
	err = filepath.WalkDir(target, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != target && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && isFormattable(d.Name()) {
			out = append(out, path)
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func isFormattable(name string) bool {
	return strings.HasSuffix(name, config.FileSuffix) || strings.HasSuffix(name, ".ttvars")
}

// writeKeepingMode replaces a file's content atomically and keeps its
// mode.
func writeKeepingMode(path string, data []byte) error {
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(path, data, info.Mode().Perm())
}

// displayPath shows path relative to the directory ttplan runs in.
func displayPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
