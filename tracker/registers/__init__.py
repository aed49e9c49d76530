"""发文登记 (the document register that hands out 文号) and the office's red-header template."""
