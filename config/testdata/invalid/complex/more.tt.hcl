limits { # ERROR: Duplicate limits block
  max_actions = 3
}
