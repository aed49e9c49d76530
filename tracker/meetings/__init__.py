"""Joint-meeting bodies (联席会议): member units, liaison officers, meetings and their 议定事项 (as tasks)."""
