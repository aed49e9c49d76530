"""Browser: the office pastes a table copied from Word (clipboard HTML with a merged 类别) and imports it."""
import pytest
from sqlalchemy import func, select

from tests.documents.builders import LIST_ROWS, html
from tests.e2e.conftest import login_as
from tests.factories import make_campaign, make_user
from tests.imports.conftest import hanbin_registry
from tracker.extensions import db
from tracker.tasks.models import Category, Task

pytestmark = pytest.mark.e2e

PASTE = """(html) => {
  const data = new DataTransfer();
  data.setData('text/html', html);
  data.setData('text/plain', 'ignored');
  document.getElementById('paste-area').dispatchEvent(
    new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def test_paste_word_table_preview_and_import(page, tmp_path):
    make_campaign()
    hanbin_registry()
    make_user("office", "office")
    db.session.commit()
    login_as(page, "office")
    page.goto(page.base + "/imports")
    page.evaluate(PASTE, html(LIST_ROWS, rowspans=[(0, 1, 2)]) + "<script>window.pwned = 1</script>")
    assert page.locator("#paste-area td").first.inner_text() == "类别"  # shown as text in a table we built
    assert page.evaluate("window.pwned === undefined")
    assert "已粘贴 4 行" in page.locator("#paste-status").inner_text()
    page.click("button:has-text('上传并预览')")
    page.wait_for_selector("[data-testid=preview]")
    page.screenshot(path=str(tmp_path / "paste-preview.png"), full_page=True)
    page.once("dialog", lambda d: d.accept())
    page.click("button:has-text('确认导入')")
    page.wait_for_selector("text=导入完成")
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Task.id))) == 3
    assert set(db.session.scalars(select(Category.name))) == {"领导重视", "政策支持"}
