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
//	POST   /accounts/{n}/complex-orders[/dry-run]  201; OCO, OTO, OTOCO
//	GET    /accounts/{n}/complex-orders/{id}
//	DELETE /accounts/{n}/complex-orders/{id}    cancels every working component
//
// The hooks under /_emulator/ need neither User-Agent nor token, are not
// logged, and call the Go methods of the same names: POST
// orders/{id}/fill (optional {"quantity": "5", "price": "95.5"}), POST
// orders/{id}/cancel, POST orders/{id}/expire, POST reset, GET or POST
// clock ({"advance": "25h"}), GET or POST market ({"open": false}; both
// answer {"open": <bool>}; SetMarket), POST faults (a Fault) and GET
// requests.
//
// # Orders
//
// An order is stored as Live, Received (placed while the market is
// closed), Contingent (a complex order's component waiting on its
// trigger) or in its terminal status. The other transient statuses are
// shown only in the response of the request that causes them: a submit
// answers Routed, a cancel Cancel Requested, a replacement Contingent
// with contingent-status "Pending Order"; every later read sees where
// the order settled. Day and IOC orders expire at the first 16:00 New
// York close on a weekday after they began working (were received, or
// went Live from Contingent), Ext orders at 20:00, GTD orders at 16:00
// on their gtc-date; holidays are not modelled. Fills happen only through
// Fill or its hook, on Live orders only, which refuse (and change nothing
// for) a quantity that is not positive, is more than remains, or is finer
// than the leg trades: whole units, but eight decimal places for
// cryptocurrencies and five for the fractional shares of a Notional
// Market equity order. A price that is not positive, or through a single
// leg's limit, is refused too.
//
// The market is open until SetMarket (or its hook, or "ttplan emulator
// market closed") closes it: the clock alone never closes it, so a store
// behaves the same at any hour. While it is closed, new orders and
// replacements are stored as Received, submits and dry runs carry the
// warning tif_next_valid_sesssion, and Received orders cannot fill; when
// it opens again every Received order goes Live. Received orders hold
// buying power and can be cancelled and replaced like Live ones.
//
// # Complex orders
//
// POST /accounts/{n}/complex-orders takes {type, source, trigger-order,
// orders}: OCO is exactly two orders and no trigger, OTOCO a trigger and
// exactly two orders, OTO a trigger and one to three orders. Each
// component is a whole order body with its own external-identifier, and
// takes the body's source when it has none. Shapes are checked first
// (400 validation_error, domains such as "orders" or
// "trigger-order.price"); then every component runs the preflight of a
// plain order, and the orders of an OCO must also close (every leg's
// action "... to Close"). Any failure refuses the whole complex order
// and stores nothing; each nested error carries the preflight-id of its
// component (the trigger 0, then the orders in turn). The answer's data
// is {complex-order, buying-power-effect, fee-calculation, warnings},
// the effects summed over the components; complex-order is {id,
// account-number, type, trigger-order (absent for OCO), orders,
// related-orders, terminal-at (once every component has ended)}. A dry
// run answers the same with no ids, or 422 with data beside the error
// as a plain dry run does.
//
// Components are ordinary orders, listed and read like any other, with
// complex-order-id, complex-order-tag (OTOCO::trigger-order,
// OTOCO::oco-1-order, OTOCO::oco-2-order, OCO::order, OTO::trigger-order,
// OTO::order) and preflight-id. OCO orders and triggers go Live at once;
// the other orders of OTO and OTOCO are Contingent, with contingent-status
// "Pending Order", until the trigger fills in full, and then go Live (or
// Received while the market is closed). A trigger that ends any other way
// cancels them. When an order of an OCO pair (an OCO, or an OTOCO's two
// orders once released) fills in full, the other is cancelled.
//
// A Live or Received component can be replaced (PUT or PATCH): the
// replacement keeps complex-order-id, complex-order-tag and preflight-id
// and takes the original's place in the complex order, which lists the
// original under related-orders ({id, complex-order-id,
// complex-order-tag, replaces-order-id, replacing-order-id, status}); so
// a replaced pair order still cancels its sibling when it fills. A
// Contingent component gets 422 cannot_update_order. DELETE of the
// complex order (by its own id, never a component's) cancels every
// working component at once and answers the complex order with those in
// Cancel Requested; with nothing left working it is 422
// cannot_update_order. Complex order ids start at 700001, far from order
// ids, so that a component's id sent in its place is not found.
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
//   - A wrong complex order shape (a trigger on an OCO, a missing
//     trigger, the wrong number of orders, an unknown type) is 400
//     validation_error rather than a preflight failure. An OCO order with
//     an opening leg is 422 with the emulator's code
//     oco_order_not_closing. Closing legs of an OCO follow the rules of
//     plain orders: converted silently without a position, refused under
//     strict-position-effect-validation.
//   - The orders that wait on a trigger are checked against the
//     positions as the trigger's fill will leave them, so an OTOCO's
//     "Sell to Close" passes strict validation without a position yet.
//   - Buying power is counted across the components, in order: each must
//     fit in what the ones before it leave, and Contingent components
//     hold their buying power from the start, as working orders do.
//   - preflight-id is a JSON number on components and nested errors.
//   - A component takes the complex body's source when it has none of
//     its own.
//   - A partial fill of an OCO pair order leaves the other one working
//     and unchanged (its quantity is not reduced): cancelling it would
//     leave the rest of the position unprotected, and a client must not
//     rely on the broker shrinking it. A full fill of the partly filled
//     order, or of the other, then cancels the one left.
//   - A pair order that is cancelled or expires leaves the other one
//     working. A trigger that ends unfilled, even partly filled, cancels
//     every Contingent order; a partial fill releases nothing.
//   - DELETE /orders/{id} of a component, even a Live one, is 422
//     cannot_update_order with a message naming the complex order to
//     cancel instead (TW's docs: use the complex cancel, "NOT
//     delete_order"); cancellable is false on every component, and
//     editable false on Contingent ones. The Cancel hook (the app)
//     cancels a single component, and a cancelled trigger cancels what
//     waits on it.
//   - related-orders lists only replaced components.
//   - The dry run of a complex order shows its components Received, like
//     a plain dry run's order.
//   - The tif_next_valid_sesssion warning comes with every submit and dry
//     run while the market is closed, submits included, and does not
//     refuse them.
//
// # Left out
//
// PAIRS complex orders (400 validation_error on type), the complex-order
// lists (GET /complex-orders and /complex-orders/live), PATCH of a
// complex order, and /customers/{id}/orders are not served. The market
// opens and closes only when told: there is no session calendar, no
// extended sessions, and opening market orders are not refused while it
// is closed. There are no quotes, dry-run warnings other than
// tif_next_valid_sesssion, expiry of option instruments, short-selling
// limits on cash accounts, rejections after routing, public or pairs
// watchlists, or account streamer.
package emulator
