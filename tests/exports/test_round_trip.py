"""The exported ledger, imported again as a list, gives the same categories, tasks, units and deadlines."""
from tests.exports.conftest import TODAY
from tests.factories import make_campaign, make_task, make_unit
from tracker.exports.services import ledger_bytes
from tracker.imports.services import plan_import


def listed(campaign):
    return [(t.category.name, t.title, [a.unit.name for a in t.assignments], t.deadline)
            for t in sorted(campaign_tasks(campaign), key=lambda t: (t.category.sequence, t.sequence))]


def campaign_tasks(campaign):
    from sqlalchemy import select

    from tracker.extensions import db
    from tracker.tasks.models import Task

    return db.session.scalars(select(Task).where(Task.campaign_id == campaign.id))


def test_exported_ledger_imports_back_to_the_same_list(ledger_world):
    campaign = ledger_world.campaign
    extra = make_unit("区人社局")
    make_task(campaign, "=SUM(A1:A2) 看起来像公式的任务", [extra, ledger_world.units["wj"], ledger_world.units["cz"]],
              category="扩大供给")
    plan = plan_import(make_campaign("copy", "复制"), ledger_bytes(campaign, TODAY).getvalue())
    assert plan.ok, (plan.errors, plan.unresolved)
    imported = [(t.category, t.title, [u.name for u in t.units], t.deadline) for t in plan.tasks]
    # the formula-like title went out escaped ('=SUM…) and comes back exactly as typed
    assert imported == listed(campaign)
