# Mistakes in the language around orders: provider, accounts, variables,
# locals, references, for_each and watchlists, all reported in one pass.

provider "tastytrade" {
  environment = "staging"                # ERROR: Invalid environment
  endpoint    = "http://api.example.com" # ERROR: Invalid endpoint
  workspace   = "Bad Space"              # ERROR: Invalid workspace
  region      = "us"                     # ERROR: Unsupported argument
}

provider "other" { # ERROR: Duplicate provider block
}

account "main" {
  number = "5WT00001"
}

account "main" { # ERROR: Duplicate account block
  number = "5WT00002"
}

account "nameless" { # ERROR: Missing required argument
}

variable "required" { # ERROR: No value for required variable
  type = string
}

variable "limited" {
  type    = number
  default = 3 # ERROR: Invalid value for variable
  validation {
    condition     = var.limited > 5
    error_message = "The limit must be above five."
  }
}

variable "wrong_default" {
  type    = number
  default = "abc" # ERROR: Invalid value for variable
}

variable "peeks" {
  default = 1
  validation {
    condition     = var.limited > 0 # ERROR: Invalid reference in variable validation
    error_message = "Never shown."
  }
}

variable "bad_type" {
  type    = strin # ERROR: Invalid type specification
  default = "x"
}

variable "from_file" {
  type = number
}

locals {
  a = local.b # ERROR: Cycle in local values
  b = local.a
  c = local.missing   # ERROR: Reference to undeclared local value
  d = var.nope        # ERROR: Reference to undeclared input variable
  e = each.key        # ERROR: Reference to "each" in context without for_each
  f = nosuch("x")     # ERROR: Call to unknown function
  g = acount.main     # ERROR: Invalid reference
  h = local.a         # depends on the cycle: no second error
  i = var.required    # depends on a missing variable: no second error
}

locals {
  a = 1 # ERROR: Duplicate local value
}

watchlst "typo" { # ERROR: Unsupported block type
}

watchlist "core" {
  symbols = [
    "AAPL",
    "aapl", # ERROR: Duplicate watchlist entry
    "/ESZ6",
  ]
}

watchlist "both" {
  symbols = ["AAPL"] # ERROR: Conflicting watchlist entries
  entry {
    symbol = "MSFT"
  }
}

watchlist "neither" { # ERROR: Missing watchlist entries
}

watchlist "same_name" {
  name    = "core" # ERROR: Duplicate watchlist name
  symbols = []
}

watchlist "by_list" {
  for_each = ["a", "b"] # ERROR: Invalid for_each argument
  symbols  = []
}

watchlist "by_null" {
  for_each = null # ERROR: Invalid for_each argument
  symbols  = []
}

watchlist "by_number" {
  for_each = 3 # ERROR: Invalid for_each argument
  symbols  = []
}

watchlist "symbols_not_list" {
  symbols = "AAPL" # ERROR: Incorrect attribute value type
}

watchlist "entries" {
  entry {
    symbol          = "/ES" # ERROR: Invalid symbol
  }
  entry {
    symbol          = "BTC/USD"
    instrument_type = "crypto" # ERROR: Invalid instrument type
  }
  entry { # ERROR: Missing required argument
  }
}

watchlist "derived" {
  symbols = [local.h, local.i] # unknown after earlier errors: no second error
}

order "each_without_for_each" {
  account       = each.key # ERROR: Reference to "each" in context without for_each
  type          = "limit"
  time_in_force = "gtc"
  price         = 1
  leg {
    symbol   = "AAPL"
    action   = "buy_to_open"
    quantity = 1
  }
}

order "per_key" {
  for_each      = { a = "AAPL", b = "MSFT" }
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = -each.value # ERROR: Invalid operand
  leg {
    symbol   = each.value
    action   = "buy_to_open"
    quantity = 1
  }
}
