"""The read layer: pages that compose several domains (landing overview, task pages, the unit workspace)."""
