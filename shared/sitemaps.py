"""What every section of the sitemap index (portal/urls.py) has in common."""

from django.contrib.sitemaps import Sitemap, views

# Addresses on one page of a section's sitemap (Django's default is the protocol's 50 000):
# a page of a few thousand answers in a second or two, well inside a crawler's patience
# and the server's timeout, whatever the size of the site.
SECTION_PAGE_SIZE = 2000


class SectionSitemap(Sitemap):
    limit = SECTION_PAGE_SIZE

    def __init__(self, reads_of_this_request=None):
        # What the sections of one request read in common (index() gives them one dict).
        self.reads_of_this_request = {} if reads_of_this_request is None else reads_of_this_request

    def read_once(self, read):
        """`read()`, called once for all the sections of one request: the guidance pages,
        their Welsh versions and the tags all list from the public pages, and the index asks
        each of them, so each walked every page again (a third of the index's CPU)."""
        if read not in self.reads_of_this_request:
            self.reads_of_this_request[read] = read()
        return self.reads_of_this_request[read]

    def _items(self):
        """The section's items, asked for once a sitemap object: the index asks for its
        latest date and then its number of pages, and one read answers both (a queryset
        already read is counted without a COUNT query). Read twice, every public page was
        walked twice for each section that lists them: a second of the index's CPU at
        10 000 pages. A page of a section (the sitemap view) still reads only its slice.
        Django makes a sitemap object for each request (portal/urls.py lists the classes),
        so what is kept here is never older than the request."""
        if not hasattr(self, "_read_items"):
            self._read_items = super()._items()
        return self._read_items

    def get_latest_lastmod(self):
        """The index's date for the section: its latest content date, undated items left
        out (Django gives none at all for a section with one undated item)."""
        if not callable(getattr(self, "lastmod", None)):
            return None
        return max(filter(None, (self.lastmod(item) for item in self._items())), default=None)


def index(request, sitemaps, **kwargs):
    """Django's sitemap index, with its sections made for this request sharing one store
    of what they read in common (SectionSitemap.read_once)."""
    reads_of_this_request = {}
    sections = {name: section(reads_of_this_request) for name, section in sitemaps.items()}
    return views.index(request, sections, **kwargs)
