"""督办事项: supervision items from every source (领导批示, 会议议定事项, 督查发现), each a task with a 统一编号."""
