// Package emulator is a local stand-in for the part of the tastytrade
// REST API that ttplan uses. It speaks the real wire format, keeps all of
// its state in a bbolt file, and is deterministic, so tests, the README
// quickstart and CI can run without a brokerage account.
//
// It is written from the API reference, not from ttplan's client, so that
// a client bug shows up as a failure here instead of being shared. Where
// the reference is unsure, the emulator takes the stricter reading: a
// client that passes here should not be surprised in production.
//
// # Usage
//
//	e, err := emulator.Open("emulator.db", emulator.Options{})
//	if err != nil {
//		return err
//	}
//	defer e.Close()
//	srv := httptest.NewServer(e.Handler())
//
// Every state change is stored at once, so separate processes that open
// the same file one after another see the same accounts, orders, clock,
// faults and request log. bbolt lets one process hold the file at a time;
// Open waits for it (Options.OpenTimeout, ten seconds by default).
//
// # The demo customer
//
// A new store is seeded with user "demo" (email demo@example.com,
// password "demo", external-id U0000000001), the OAuth client
// "demo-client" with secret "demo-secret" and refresh token
// "demo-refresh" (scopes read and trade), and two accounts: 5WT00001
// (Individual, Margin) holding 100 SPY and 50 AAPL long with 100000 in
// cash, and 5WT00002 (Individual, Cash) with 100000 and no positions. A
// second customer, "other" (password "other"), owns 5WT90001, so that
// reaching into an account one does not own can be tested (403).
//
// # Wire format
//
// Responses use the envelope {"data": ..., "context": <escaped path>},
// lists use data.items, keys are kebab-case, money is a decimal string
// with at least one decimal place ("150.0"), quantities and order ids are
// JSON numbers, updated-at is epoch milliseconds and other timestamps are
// ISO-8601 with milliseconds and "+00:00". Errors are
// {"error": {"code", "message", "errors": [...]}}, where nested errors are
// {code, message} for preflight checks and {domain, reason} for request
// validation. The token endpoint alone answers bare JSON, with
// {"error_code", "error_description"} on failure.
//
// Every API request needs a User-Agent of the form product/version, or it
// gets the nginx HTML 401 page. Paths are split on "/" before each segment
// is unescaped, so "%2F" stays inside a symbol or watchlist name. A body
// on a JSON endpoint must be application/json when a Content-Type is
// sent (else 415). An Accept-Version header must be eight digits no older
// than 20250813 (else 406 with the numeric code 406).
//
// # Endpoints
//
//	POST   /oauth/token                         refresh_token grant; JSON or form
//	POST   /sessions                            legacy login (password or remember token)
//	POST   /sessions/validate                   201, the user with id
//	DELETE /sessions                            204; the token used is dead after
//	GET    /customers/me                        id "me"
//	GET    /customers/me/accounts[/{n}]         any other customer id: 403
//	GET    /accounts/{n}/positions              extra: holdings with quantity-direction
//	GET    /accounts/{n}/balances               extra: cash and buying power
//	GET    /watchlists[/{name}]
//	POST   /watchlists                          201
//	PUT    /watchlists/{name}                   full replacement
//	DELETE /watchlists/{name}                   200, the deleted list
//	GET    /instruments/{equities|equity-options|futures|future-options|cryptocurrencies}/{symbol}
//	POST   /accounts/{n}/orders[/dry-run]       201
//	GET    /accounts/{n}/orders/live            working + terminal today
//	GET    /accounts/{n}/orders                 search, paginated
//	GET    /accounts/{n}/orders/{id}
//	PUT    /accounts/{n}/orders/{id}            cancel/replace; PATCH is the same
//	POST   /accounts/{n}/orders/{id}/dry-run    preflight of a replacement
//	DELETE /accounts/{n}/orders/{id}            Cancel Requested, then Cancelled
//
// The hooks under /_emulator/ need neither User-Agent nor token, are not
// logged, and call the Go methods of the same names: POST
// orders/{id}/fill (optional {"quantity": "5", "price": "95.5"}), POST
// orders/{id}/cancel, POST orders/{id}/expire, POST reset, GET or POST
// clock ({"advance": "25h"}), POST faults (a Fault) and GET requests.
//
// # Orders
//
// An order is stored as Live or in its terminal status. The transient
// statuses are shown only in the response of the request that causes
// them: a submit answers Routed, a cancel Cancel Requested, a replacement
// Contingent with contingent-status "Pending Order"; every later read
// sees Live, Cancelled, or the Live replacement. Day and IOC orders
// expire at the first 16:00 New York close on a weekday after they were
// received, Ext orders at 20:00, GTD orders at 16:00 on their gtc-date;
// holidays are not modelled. Fills happen only through Fill or its hook,
// which refuse (and change nothing for) a quantity that is not positive,
// is more than remains, or is finer than the leg trades: whole units,
// but eight decimal places for cryptocurrencies and five for the
// fractional shares of a Notional Market equity order. A price that is
// not positive, or through a single leg's limit, is refused too.
//
// Preflight checks all run and all failures are reported together (422
// preflight_check_failure). Field shapes are checked first (400
// validation_error): enumerations must be the API's exact, case-sensitive
// words and symbols exactly as the API spells them (upper case, OCC roots
// padded to six characters). The codes gtc_market_orders_not_supported,
// cant_buy_for_credit and margin_check_failed are the API's; the others
// (price_required, stop_trigger_required, too_many_legs, ...) are named
// here because the real ones are unknown. Clients should branch on
// preflight_check_failure, not on the nested codes.
//
// Instruments are made up from a hash of the symbol on first use and then
// stored: any well-formed symbol exists. A few well-known equities have
// fixed marks (SPY 500, AAPL 200, SPX 5000, ...) so that their options
// have plausible prices. Buying power is cash less what working opening
// orders hold: their cost; 20% of the strike for a short equity option;
// 5000 per future contract or short future option; for a multi-leg
// option order its net debit, or for a credit the width between its
// strikes. Fees are plausible, not tastytrade's.
//
// # Choices where the reference is UNCONFIRMED
//
//   - Access tokens live 900 s of emulator time; an expired, unknown or
//     missing token gets 401 token_invalid. An access token must be sent
//     as "Bearer <token>" and a session token raw; the other way round is
//     refused.
//   - Token endpoint errors are 400: invalid_request for a missing field
//     or an unreadable body, unsupported_grant_type for any grant but
//     refresh_token, invalid_grant for a wrong refresh token, secret or
//     client_id, invalid_scope for a scope beyond the grant. A scope
//     narrows the token; without "trade", writes to orders and watchlists
//     get 403 not_permitted.
//   - POST /sessions answers 201. Sessions live 24 h. Remember tokens live
//     28 days and are single use: a login with one consumes it, and a new
//     one is issued only when remember-me is true. X-Tastyworks-OTP is
//     ignored. After 5 failed logins in a row, logins get 429
//     too_many_requests for 8 h of emulator time (the real API blocks the
//     IP); a success resets the count.
//   - DELETE /sessions answers 204.
//   - Watchlists: a duplicate name on create is 422
//     watchlist_already_exists; a missing list is 404 record_not_found.
//     PUT never renames: a body name that differs from the path is 400
//     validation_error. A name that is blank after trimming white space,
//     is "." or "..", or holds a control character is 400
//     validation_error (domain "name"): "." and ".." would be
//     dot-segments in the path, which HTTP stacks resolve. PUT resets an omitted group-name to "default" and
//     an omitted order-index to 9999. Entries keep the order given; an
//     entry's instrument-type is omitted in responses when it was not
//     sent. Lists are returned in creation order.
//   - A limit price or stop trigger off the instrument's tick schedule is
//     refused at submit (invalid_price_increment) rather than accepted and
//     rejected at routing. Single legs use tick-sizes (option legs their
//     underlying's option-tick-sizes); multi-leg option orders use the
//     underlying's spread-tick-sizes (0.01); future options use a 0.05
//     tick below 5.0 and 0.25 above.
//   - A failing dry run answers 422 with both data (buying-power-effect
//     and fee-calculation) and error. A dry run echoes external-identifier.
//   - PUT and PATCH behave the same. The body is a whole order body:
//     order-type and time-in-force are required, and price, stop-trigger,
//     gtc-date, value and their effects come only from the body.
//     external-identifier and source are not inherited from the original
//     (send them again); advanced-instructions are inherited when left
//     out. legs may be sent only if identical to the original's (the
//     converted or the requested action, the ordered or the remaining
//     quantity), else 400 validation_error. A terminal order, or one no
//     longer working, gets 422 cannot_update_order.
//   - A partly filled order can be replaced. The replacement is for what
//     remains: each of its legs shows quantity and remaining-quantity
//     equal to the original leg's remaining-quantity (and size follows).
//     The original keeps its fills and ends Cancelled with its unfilled
//     rest as remaining-quantity, so a client sums the fills of the whole
//     chain, linked by replaces-order-id and replacing-order-id, to see
//     how much of the first order was done. The reference's "any fill of
//     the original aborts the replacement" is about a fill arriving while
//     the replacement is pending; here a replacement happens at once, so
//     no fill can arrive in between.
//   - A GTD order is refused at submit, dry run and replace (422,
//     gtc_date_in_past) when the close of its gtc-date, 16:00 New York,
//     is not after the emulator's now: a date before today, or today
//     after 16:00. Such an order would expire the moment it was accepted.
//   - Closing legs without enough position become opening legs silently
//     (the order shows the converted action) unless
//     strict-position-effect-validation is true, which gives 422
//     position_effect_mismatch. Working orders are not counted against
//     the position.
//   - An order search with Accept-Version 20261012 or later needs
//     start-date or start-at (400). per-page defaults to 10 and is
//     clamped to 200. Dates are New York dates of received-at.
//   - Decimal quantities are accepted for cryptocurrencies only, to at
//     most eight decimal places; a finer crypto quantity is 400
//     validation_error (domain "quantity").
//
// # Left out
//
// Complex orders (OCO, OTO, OTOCO, PAIRS) and /customers/{id}/orders are
// not served (404); the order model leaves room for them. There are no
// quotes, market hours checks on opening market orders, dry-run warnings,
// expiry of option instruments, short-selling limits on cash accounts,
// rejections after routing, public or pairs watchlists, or account
// streamer.
package emulator
