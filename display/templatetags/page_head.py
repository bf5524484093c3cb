"""What base.html's <head> says about a page besides its look: the title and description
captured once for the <title>, OpenGraph and Twitter tags, and JSON-LD data blocks; and
the parts of the layout that are the same on every page, rendered once per process."""

import json

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader import render_to_string
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# (template, language, script prefix, URLconf) -> its HTML. The parts read no request and
# no content, only settings, URLs and translations, which a process never sees change
# (a test that changes a setting empties it below).
_constant_parts = {}


@register.simple_tag
def constant_part(template_name):
    """A part of the layout that is the same on every page in a language (the header's
    links, the footer, the stylesheet links), rendered once per process and language.

    Those parts held most of base.html's {% url %}, {% static %} and {% translate %} tags,
    rendered again on every page. The template is given the settings it may show and
    nothing else, so it cannot come to depend on a request or on content by accident.
    """
    language = get_language()
    key = (template_name, language, get_script_prefix(), get_urlconf())
    html = _constant_parts.get(key)
    if html is None:
        context = {
            "LANGUAGE_CODE": language,
            "beta_banner": settings.BETA_BANNER,
            "feedback_email": settings.FEEDBACK_EMAIL,
        }
        html = _constant_parts[key] = mark_safe(render_to_string(template_name, context))  # noqa: S308
    return html


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
