"""Form helpers shared by every domain."""
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def form_errors(form) -> str:
    """All of a form's errors as one Chinese sentence for a flash message."""
    return "；".join(e for errs in form.errors.values() for e in errs)


class FileOrPasteForm(FlaskForm):
    """An upload that takes a file or a pasted table (subclasses declare `file` and `pasted`): one is required."""

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if not (self.file.data and self.file.data.filename) and not (self.pasted.data or "").strip():
            self.file.errors = ["请选择要上传的文件，或粘贴一张表格。"]
            return False
        return True
