"""Progress cycles (进展报送周期) that ask only for what changed: see periods.py and services.py."""
