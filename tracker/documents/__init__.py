"""Office documents in and out: tables read from .xls/.docx/pasted text as one grid, and .docx written safely."""
