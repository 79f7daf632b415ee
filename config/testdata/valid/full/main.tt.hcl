# A configuration that uses every part of the language. load_test.go
# checks what it loads to.

provider "tastytrade" {
  environment = var.environment
  workspace   = local.workspace
}

account "main" {
  number = var.account_number
}

variable "environment" {
  type    = string
  default = "production"
  validation {
    condition     = contains(["production", "sandbox"], var.environment)
    error_message = "Only production and sandbox are traded."
  }
}

variable "account_number" {
  type = string
}

variable "spread_credit" {
  type      = string
  sensitive = true
}

variable "dips" {
  description = "Limit buys to keep standing, by symbol."
  type = map(object({
    price = number
    qty   = optional(number, 1)
  }))
}

locals {
  workspace = "${local.prefix}-main"
  prefix    = lower(var.environment)
}
