from django import template

register = template.Library()


@register.inclusion_tag("offences/offences_on_page.html")
def offences_on_page(page):
    """The compact "Offences on this page" box of a guidance page, in one query (none for an
    unsaved page an editor previews)."""
    if page.pk is None:
        return {"offences": []}
    return {"offences": list(page.offences.select_related("act"))}
