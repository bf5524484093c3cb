"""Which pages offer "Exit this page": those carrying a tag in QUICK_EXIT_TAGS, decided by
tags (in the content files or the admin), never by a list of addresses."""

import pytest
from django.conf import settings

from tags.models import Tag

pytestmark = pytest.mark.django_db

EXIT_BUTTON = 'class="exit-this-page__button"'


@pytest.mark.parametrize(
    "url",
    [
        "/advice/types-of-cybercrime/cyberstalking/",
        "/advice/types-of-cybercrime/stalkerware-and-domestic-abuse/",
        "/advice/types-of-cybercrime/intimate-image-abuse/",
        "/advice/types-of-cybercrime/sextortion/",
        "/advice/types-of-cybercrime/online-harassment-and-cyberbullying/",
        "/guidance/cyber-enabled-crimes/offences-targeting-individuals/",
    ],
)
def test_pages_on_abuse_stalking_and_sexual_offences_offer_a_quick_exit(
    client, shipped_content, url
):
    html = client.get(url).text
    assert EXIT_BUTTON in html
    assert f'href="{settings.QUICK_EXIT_URL}"' in html
    assert "If someone checks your phone or computer" in html


@pytest.mark.parametrize("url", ["/advice/types-of-cybercrime/phishing/", "/advice/", "/"])
def test_other_pages_do_not(client, shipped_content, url):
    assert EXIT_BUTTON not in client.get(url).text


def test_tagging_a_page_in_the_admin_adds_the_button(client, small_tree):
    url = small_tree["hacking"].get_absolute_url()
    assert EXIT_BUTTON not in client.get(url).text
    Tag.objects.create(name="Sexual offences").pages.add(small_tree["hacking"])
    assert EXIT_BUTTON in client.get(url).text
    Tag.objects.get().pages.clear()
    assert EXIT_BUTTON not in client.get(url).text
