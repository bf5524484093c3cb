"""The reader's text size and contrast, kept in two small validated cookies."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

TEXT_SIZES = {
    "standard": _("Standard text size"),
    "large": _("Large text"),
    "largest": _("Largest text"),
}
CONTRASTS = {"standard": _("Standard colours"), "high": _("High contrast"), "dark": _("Dark theme")}
TEXT_SIZE_COOKIE = "text_size"
CONTRAST_COOKIE = "contrast"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class DisplayPreferences:
    text_size: str = "standard"
    contrast: str = "standard"
    chosen_contrast: bool = False

    @property
    def html_classes(self):
        classes = [f"text-{self.text_size}", f"contrast-{self.contrast}"]
        if not self.chosen_contrast:
            classes.append("contrast-auto")
        return " ".join(classes)

    @property
    def cache_key(self):
        return f"{self.text_size}.{self.contrast if self.chosen_contrast else 'auto'}"


def read_preferences(cookies):
    """Preferences from request cookies; unknown or malformed values are ignored."""
    text_size = cookies.get(TEXT_SIZE_COOKIE)
    contrast = cookies.get(CONTRAST_COOKIE)
    return DisplayPreferences(
        text_size=text_size if text_size in TEXT_SIZES else "standard",
        contrast=contrast if contrast in CONTRASTS else "standard",
        chosen_contrast=contrast in CONTRASTS,
    )
