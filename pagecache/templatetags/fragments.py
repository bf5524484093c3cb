"""{% cached_fragment key "part" %}…{% end_cached_fragment %}: a part of a page kept in the
shared cache until any content changes, so a page-cache miss (another text size or
contrast, a query string such as ?utm_source=, a first reader of the page in one of its
display variants) does not render it again.

The view names the fragment (an empty key renders it every time: an editor's preview, a
page as it stood on a date). The part must depend only on what the key and the language
say, and on content: it carries the `content` generation, which every save of public
content moves on (pagecache/generations.py), and it is kept per language.
"""

from django import template

from pagecache.generations import CONTENT, cached, fragment_key

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, key, part):
        self.nodelist = nodelist
        self.key = key
        self.part = part

    def render(self, context):
        key = self.key.resolve(context)
        if not key:
            return self.nodelist.render(context)
        part = self.part.resolve(context)
        return cached(CONTENT, fragment_key(key, part), lambda: self.nodelist.render(context))


@register.tag("cached_fragment")
def do_cached_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a key and the part's name")
    nodelist = parser.parse(("end_cached_fragment",))
    parser.delete_first_token()
    return CachedFragmentNode(
        nodelist, parser.compile_filter(bits[1]), parser.compile_filter(bits[2])
    )
