package main

import (
	"context"
	"errors"
	"fmt"
	"os"

	"golang.org/x/term"
)

// loginCmd logs in with the environment's credentials and caches the
// session. With a username and no password it asks for the password on
// the terminal, without echo.
func loginCmd(ctx context.Context, g *globals, args []string) (int, error) {
	fs := newFlags(g, "login", "login")
	if err := parseFlags(fs, args, 0); err != nil {
		return exitError, err
	}

	cfg, err := loadConfig(g, nil)
	if err != nil {
		return exitError, err
	}

	getenv := g.env.getenv
	if getenv("TASTYTRADE_USERNAME") != "" && getenv("TASTYTRADE_PASSWORD") == "" && getenv("TASTYTRADE_REMEMBER_TOKEN") == "" {
		password, err := askPassword(g, getenv("TASTYTRADE_USERNAME"))
		if err != nil {
			return exitError, err
		}
		g.env.getenv = func(k string) string {
			if k == "TASTYTRADE_PASSWORD" {
				return password
			}
			return getenv(k)
		}
	}

	c, err := connect(ctx, g, cfg.Dir, cfg.Provider)
	if err != nil {
		return exitError, err
	}
	defer c.close()

	if err := c.client.Login(ctx); err != nil {
		return exitError, err
	}
	fmt.Fprintf(g.io.ErrOut, "Logged in to the %s environment; the session is cached in %s.\n", cfg.Provider.Environment, c.client.CachePath())
	return exitOK, nil
}

// askPassword reads a password from the terminal without echoing it.
func askPassword(g *globals, user string) (string, error) {
	f, ok := g.io.In.(*os.File)
	if !g.io.InTTY || !ok {
		return "", errors.New("TASTYTRADE_PASSWORD is not set and there is no terminal to ask for it on; " +
			"set TASTYTRADE_PASSWORD, or use OAuth with TASTYTRADE_CLIENT_SECRET and TASTYTRADE_REFRESH_TOKEN")
	}
	fmt.Fprintf(g.io.ErrOut, "Password for %s: ", user)
	b, err := term.ReadPassword(int(f.Fd()))
	fmt.Fprintln(g.io.ErrOut)
	if err != nil {
		return "", fmt.Errorf("read password: %w", err)
	}
	return string(b), nil
}

// logoutCmd ends the session and deletes the cached tokens.
func logoutCmd(ctx context.Context, g *globals, args []string) (int, error) {
	fs := newFlags(g, "logout", "logout")
	if err := parseFlags(fs, args, 0); err != nil {
		return exitError, err
	}

	cfg, err := loadConfig(g, nil)
	if err != nil {
		return exitError, err
	}
	c, err := connect(ctx, g, cfg.Dir, cfg.Provider)
	if err != nil {
		return exitError, err
	}
	defer c.close()

	if err := c.client.Logout(ctx); err != nil {
		return exitError, err
	}
	fmt.Fprintf(g.io.ErrOut, "Logged out of the %s environment.\n", cfg.Provider.Environment)
	return exitOK, nil
}
