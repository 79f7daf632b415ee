// Package tastytrade is ttplan's client for the tastytrade REST API. Its
// Client implements provider.Broker against production
// (https://api.tastyworks.com), the sandbox
// (https://api.cert.tastyworks.com) or the local emulator; only the base
// URL and the http.Client differ between them.
//
//	c, err := tastytrade.New(tastytrade.Options{
//		BaseURL:     "https://api.cert.tastyworks.com",
//		Environment: "sandbox",
//		Credentials: tastytrade.CredentialsFromEnv(os.Getenv),
//		CacheDir:    cacheDir,
//		Version:     version,
//	})
//
// # Authentication
//
// With TASTYTRADE_CLIENT_SECRET and TASTYTRADE_REFRESH_TOKEN the client
// mints 15-minute access tokens from /oauth/token and renews one when
// less than a minute of it is left. With TASTYTRADE_USERNAME it opens a
// legacy session instead, trying the cached remember token, then
// TASTYTRADE_REMEMBER_TOKEN, then the password, each at most once per
// process: the API blocks an IP after repeated failed logins. Production
// has accepted only OAuth since February 2026.
//
// Tokens are cached in one file per environment, base URL and identity,
// mode 0600, replaced atomically under a file lock. A cached token that is
// still valid costs no request at all. A 401 drops the token; a read is
// then sent once more after a fresh login, a write is not.
//
// # Requests
//
// Every request carries User-Agent "ttplan/<version>": without it nginx
// answers 401 with an HTML page. Path segments are escaped one at a time,
// so symbols such as BRK/B and watchlist names with slashes stay one
// segment. Reads are resent after a 429, a 502-504 or a transport error,
// at most three times in all; writes are sent once, and a write whose
// outcome is unknown returns an error wrapping provider.ErrAmbiguous.
// Errors never hold a token, a password or a request body.
//
// # Complex orders, dry runs and instruments
//
// OCO, OTO and OTOCO orders are placed with one POST to
// /accounts/{n}/complex-orders, each component carrying its own
// external-identifier, and cancelled as a whole by the complex order's
// id; like every write they are sent once. Their components are read
// back as ordinary orders, with complex-order-id and complex-order-tag.
// Dry runs, plain or complex, are sent as reads; a failed one returns
// the *provider.APIError together with what its answer's data said,
// such as the new buying power a margin failure would leave. Instrument
// reads the tick schedules and the multiplier, which each instrument
// type names differently (shares-per-contract, notional-multiplier,
// multiplier).
//
// # API version
//
// The client sends no Accept-Version header, so order endpoints serve the
// oldest live order API (20250813), and the sandbox, reported to refuse
// the header (C25; unconfirmed), behaves like production. Order searches always send start-date,
// which the next order API (20261012) requires.
//
// TODO: send Accept-Version: 20261012 before order-api 20250813 is removed,
// on or after 12 April 2027, once the sandbox is seen to accept it; check
// then whether /orders/live has become paginated.
package tastytrade
