# One block, many objects: watchlists per sector and a ladder of buy
# limits, driven by variables and locals.
variable "environment" {
  type    = string
  default = "local"
}

variable "ladder" {
  type        = map(number)
  description = "Limit price per symbol to buy at."
  default = {
    MSFT = 310
    AMD  = 98.25
    INTC = 19.5
  }

  validation {
    condition     = min(values(var.ladder)...) > 0
    error_message = "Every ladder price must be positive."
  }
}

provider "tastytrade" {
  environment = var.environment
}

account "main" {
  number = "5WT00001"
}

locals {
  sectors = {
    semis    = ["NVDA", "AMD", "INTC", "TSM"]
    software = ["MSFT", "ORCL", "CRM"]
    crypto   = ["BTC/USD", "ETH/USD"]
  }
  shares = 5
}

watchlist "sector" {
  for_each = local.sectors
  name     = "Sector: ${title(each.key)}"
  symbols  = each.value
}

order "ladder" {
  for_each      = var.ladder
  account       = account.main
  type          = "limit"
  time_in_force = "gtc"
  price         = each.value
  leg {
    symbol   = each.key
    action   = "buy_to_open"
    quantity = local.shares
  }
}
