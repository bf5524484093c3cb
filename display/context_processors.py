from django.conf import settings
from django.core.exceptions import DisallowedHost

from .addresses import absolute_url
from .preferences import CONTRASTS, TEXT_SIZES, read_preferences


def display(request):
    return {
        "display": read_preferences(request.COOKIES),
        "text_sizes": TEXT_SIZES,
        "contrasts": CONTRASTS,
        "beta_banner": settings.BETA_BANNER,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }


def page_address(request):
    """The page's canonical address: this site's address and the path, never the query
    string. A host we do not serve (a 400 page) gets the path alone."""
    try:
        return {"page_url": absolute_url(request, request.path)}
    except DisallowedHost:
        return {"page_url": request.path}
