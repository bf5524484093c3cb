from django import forms
from django.core import signing
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shared.personal_details import EMAIL_ADDRESS, LONG_NUMBER

from .models import MAX_COMMENT_LENGTH, MAX_PAGE_PATH_LENGTH

COMMENT_SALT = "feedback.comment"
COMMENT_TIME_LIMIT_SECONDS = 60 * 60
UNKNOWN_PAGE = _("We could not tell which page this feedback is about.")
HONEYPOT_FIELD = "website"  # hidden from people by CSS; bots that fill in every field fill it


def remove_personal_details(text):
    """Readers are asked not to write their details; any email address or long number they
    write anyway is removed before the comment is stored."""
    text = EMAIL_ADDRESS.sub("[email address removed]", text)
    return LONG_NUMBER.sub("[number removed]", text)


def is_page_path(value):
    """A path on this site: starts with one slash, no backslash (a browser reads "/\\x" as
    "//x", another site), no control characters."""
    return (
        value.startswith("/")
        and not value.startswith("//")
        and "\\" not in value
        and len(value) <= MAX_PAGE_PATH_LENGTH
        and not any(ord(character) < 32 or ord(character) == 127 for character in value)
    )


def sign_comment_ticket(feedback):
    return signing.dumps({"id": feedback.pk, "page": feedback.page_path}, salt=COMMENT_SALT)


def read_comment_ticket(ticket):
    """The feedback a "what went wrong" form belongs to, or None if the ticket is bad or old."""
    try:
        value = signing.loads(ticket, salt=COMMENT_SALT, max_age=COMMENT_TIME_LIMIT_SECONDS)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(value, dict) or not isinstance(value.get("id"), int):
        return None
    return value


class HoneypotMixin:
    def caught_in_honeypot(self):
        return bool(self.data.get(HONEYPOT_FIELD, ""))


class VoteForm(HoneypotMixin, forms.Form):
    page = forms.CharField(error_messages={"required": UNKNOWN_PAGE})
    useful = forms.ChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))],
        error_messages={
            "required": _("Choose Yes or No."),
            "invalid_choice": _("Choose Yes or No."),
        },
    )

    def clean_page(self):
        page = self.cleaned_data["page"]
        if not is_page_path(page):
            raise forms.ValidationError(UNKNOWN_PAGE)
        return page


class CommentForm(HoneypotMixin, forms.Form):
    ticket = forms.CharField(widget=forms.HiddenInput, max_length=1000)
    comment = forms.CharField(
        label=_("What went wrong?"),
        help_text=format_lazy(
            _(
                "You can write up to {limit} characters. Do not include personal information "
                "such as your name, email address or phone number."
            ),
            limit=f"{MAX_COMMENT_LENGTH:,}",
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Enter what went wrong, or go back to the page.")},
    )

    def clean_ticket(self):
        ticket = read_comment_ticket(self.cleaned_data["ticket"])
        if ticket is None:
            raise forms.ValidationError(
                _("The time to add details has passed. Your answer was recorded: thank you.")
            )
        return ticket

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if len(comment) > MAX_COMMENT_LENGTH:
            raise forms.ValidationError(
                _(
                    "What went wrong must be %(limit)s characters or fewer. "
                    "You have written %(written)s."
                )
                % {"limit": f"{MAX_COMMENT_LENGTH:,}", "written": f"{len(comment):,}"}
            )
        return remove_personal_details(comment)
