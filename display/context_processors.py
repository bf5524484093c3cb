from django.conf import settings

from .preferences import CONTRASTS, TEXT_SIZES, read_preferences


def display(request):
    return {
        "display": read_preferences(request.COOKIES),
        "text_sizes": TEXT_SIZES,
        "contrasts": CONTRASTS,
        "beta_banner": settings.BETA_BANNER,
        "feedback_email": settings.FEEDBACK_EMAIL,
    }
