"""The escalation ladder (督办升级): per campaign, steps on working days relative to the due date, walked once per
step per assignment by the scheduler."""
