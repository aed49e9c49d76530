"""Tasks and their assignments to units."""

from sqlalchemy import func, select

from tracker.campaigns.models import Campaign
from tracker.extensions import db
from tracker.tasks.models import Category, Task, title_key


def get_or_create_category(campaign: Campaign, name: str) -> Category:
    category = db.session.scalar(
        select(Category).where(Category.campaign_id == campaign.id, Category.name == name)
    )
    if category is None:
        seq = db.session.scalar(select(func.count(Category.id)).where(Category.campaign_id == campaign.id))
        category = Category(campaign=campaign, name=name, sequence=(seq or 0) + 1)
        db.session.add(category)
        db.session.flush()
    return category


def find_task(category: Category, title: str) -> Task | None:
    return db.session.scalar(
        select(Task).where(Task.category_id == category.id, Task.title_key == title_key(title))
    )
