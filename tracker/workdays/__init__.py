"""Working days: the official Chinese holiday calendar with its make-up days, and the office's own overrides."""
