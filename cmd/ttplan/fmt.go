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
		switch {
		case diff && strings.HasSuffix(path, ".ttvars"):
			// Variables files hold values, secrets among them; a diff
			// would print them, into CI logs too.
			fmt.Fprintln(g.io.Out, "  (a variables file: its diff is not shown, as it may hold secrets)")
		case diff:
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
		if !isFormattable(filepath.Base(target)) || !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a configuration (%s) or variables (.ttvars) file", target, config.FileSuffix)
		}
		return []string{target}, nil
	}

	// Walk the directory a symlink names, as config.Load reads it.
	root, err := filepath.EvalSymlinks(target)
	if err != nil {
		return nil, err
	}
	var out []string
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (!recursive || strings.HasPrefix(d.Name(), ".")) {
				return filepath.SkipDir
			}
			return nil
		}
		if !isFormattable(d.Name()) {
			return nil
		}
		// A linked file is formatted too (plan reads it), unless it
		// links to something other than a regular file.
		if info, err := os.Stat(path); err == nil && info.Mode().IsRegular() {
			out = append(out, filepath.Join(target, strings.TrimPrefix(path, root)))
		}
		return nil
	})
	sort.Strings(out)
	return out, err
}

func isFormattable(name string) bool {
	return strings.HasSuffix(name, config.FileSuffix) || strings.HasSuffix(name, ".ttvars")
}

// writeKeepingMode rewrites a file in place, through any symlink, so that
// its mode, owner and links stay as they were.
func writeKeepingMode(path string, data []byte) error {
	real, err := filepath.EvalSymlinks(path)
	if err != nil {
		return err
	}
	info, err := os.Stat(real)
	if err != nil {
		return err
	}
	return os.WriteFile(real, data, info.Mode().Perm())
}

// displayPath shows path relative to the directory ttplan runs in.
func displayPath(dir, path string) string {
	if rel, err := filepath.Rel(dir, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
