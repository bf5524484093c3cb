"""What base.html's <head> says about a page besides its look: the title and description
captured once for the <title>, OpenGraph and Twitter tags, and JSON-LD data blocks."""

import json

from django import template
from django.utils.html import _json_script_escapes
from django.utils.safestring import mark_safe

register = template.Library()


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
