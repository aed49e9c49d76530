"""Spreadsheet helpers every reader and writer shares: safe text cells, size guards, upload reading."""
