"""{% stored_part "name" %}…{% end_stored_part %}: a part of a page kept in the database
until content changes (pagecache/stored_parts.py).

The view hands its template `stored_parts` (a PageParts): a part found there is output as
stored, else rendered and recorded for the view to store. Without `stored_parts` (an
editor's preview, a page as it stood on a date) the part is rendered every time. A part
must depend only on content and on what the address and the language say.
"""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


# Set in the context while a stored part renders (its includes see it too): {% per_request %}
# refuses to be inside one, since a part is the same for every reader.
INSIDE_STORED_PART = "_inside_stored_part"


class StoredPartNode(template.Node):
    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        parts = context.get("stored_parts")
        if parts is None:
            return self.render_part(context)
        name = self.name.resolve(context)
        stored = parts.get(name)
        if stored is not None:
            return mark_safe(stored)  # noqa: S308 (rendered by this template, escaped then)
        rendered = self.render_part(context)
        parts.record(name, rendered)
        return rendered

    def render_part(self, context):
        with context.push(**{INSIDE_STORED_PART: True}):
            return self.nodelist.render(context)


@register.tag("stored_part")
def do_stored_part(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the part's name")
    nodelist = parser.parse(("end_stored_part",))
    parser.delete_first_token()
    return StoredPartNode(nodelist, parser.compile_filter(bits[1]))
