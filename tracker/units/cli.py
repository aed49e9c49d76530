"""CLI commands of this domain (filled in as the domain grows)."""
