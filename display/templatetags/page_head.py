"""What base.html's <head> says about a page besides its look: the title and description
captured once for the <title>, OpenGraph and Twitter tags, and JSON-LD data blocks; and
the parts of the layout that are the same on every page, rendered once per process."""

import json
import secrets

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import _json_script_escapes, conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from display.preferences import CONTRASTS, TEXT_SIZES

register = template.Library()

# (template, language, script prefix, URLconf, display preferences, slots) -> its HTML.
# The parts read no request and no content, only settings, URLs and translations, which a
# process never sees change (a test that changes a setting empties it below).
_constant_parts = {}
_ENVIRONMENT = "display.constant_part.environment"
_SLOT_MARKER = "constant-part-slot-{}-" + secrets.token_hex(8)


@register.simple_tag(takes_context=True)
def constant_part(context, template_name, display=None, **slots):
    """A part of the layout that is the same on every page in a language (the header's
    links, the footer, the stylesheet links), rendered once per process and language.

    Those parts held most of base.html's {% url %}, {% static %} and {% translate %} tags,
    rendered again on every page. The template is given the settings it may show and
    nothing else, so it cannot come to depend on a request or on content by accident;
    `display` (the reader's text size and contrast) gives one rendering per combination.
    Each of `slots` (a path, say) is filled in on every use, escaped as {{ name }} would
    be: the part is rendered with a marker in its place, and the marker must come out
    as written (shown with {{ name }}, no filter), or the part is refused.
    """
    return render_constant_part(
        template_name, _rendering_environment(context), display=display, **slots
    )


def render_constant_part(template_name, environment, display=None, **slots):
    """{% constant_part %} outside a template: `environment` is (language, script prefix,
    URLconf), as `current_environment` gives them."""
    language, *environment = environment
    key = (template_name, language, *environment, display, *sorted(slots))
    html = _constant_parts.get(key)
    if html is None:
        context = {
            "LANGUAGE_CODE": language,
            "beta_banner": settings.BETA_BANNER,
            "feedback_email": settings.FEEDBACK_EMAIL,
            "display": display,
            "text_sizes": TEXT_SIZES,
            "contrasts": CONTRASTS,
            **{name: _SLOT_MARKER.format(name) for name in slots},
        }
        html = render_to_string(template_name, context)
        for name in slots:
            if _SLOT_MARKER.format(name) not in html:
                raise ImproperlyConfigured(f"{template_name} must show {name} as {{{{ {name} }}}}")
        _constant_parts[key] = html
    for name, value in slots.items():
        html = html.replace(_SLOT_MARKER.format(name), conditional_escape(value))
    return mark_safe(html)  # noqa: S308 (rendered with autoescape; slots escaped above)


def current_environment():
    return (get_language(), get_script_prefix(), get_urlconf())


def _rendering_environment(context):
    """The language, script prefix and URLconf a page is rendered in, read once a page:
    they cannot change while it renders, and base.html asks for them at every part."""
    environment = context.render_context.get(_ENVIRONMENT)
    if environment is None:
        environment = current_environment()
        context.render_context[_ENVIRONMENT] = environment
    return environment


def _forget_constant_parts(**kwargs):
    _constant_parts.clear()


setting_changed.connect(_forget_constant_parts)


@register.simple_block_tag(takes_context=True)
def capture(context, content, name):
    """Render the enclosed template once and keep it as `name`, e.g. the title block, which
    the <title> and the OpenGraph and Twitter tags all repeat (a block renders only once)."""
    context[name] = mark_safe(content.strip())  # noqa: S308 (already rendered and escaped)
    return ""


@register.simple_tag
def json_ld(data):
    """A JSON-LD data block. It is data, never run, so the script-src CSP does not apply;
    "<", ">" and "&" are escaped as in json_script, so no text can end the block."""
    text = json.dumps(data, ensure_ascii=False).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308
