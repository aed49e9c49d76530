"""Form helpers shared by every domain."""
from wtforms.fields.choices import SelectChoice


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


def form_errors(form) -> str:
    """All of a form's errors as one Chinese sentence for a flash message."""
    return "；".join(e for errs in form.errors.values() for e in errs)
