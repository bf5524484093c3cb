"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then every page of
every section it lists."""

import xml.etree.ElementTree as ET

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def section_addresses(client):
    """The address of every sitemap page the index lists, in its order."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


def sitemap_urls(client):
    """Every <url> element of every section page the index lists."""
    urls = []
    for address in section_addresses(client):
        response = client.get(address)
        assert response.status_code == 200, address
        urls += ET.fromstring(response.content).iter(f"{SITEMAP}url")
    return urls


def sitemap_text(client):
    """Every section page's XML, one after another (for "is this address listed?")."""
    return "\n".join(client.get(address).text for address in section_addresses(client))


def sitemap_paths(client):
    """The paths of every listed address, sorted."""
    return sorted(
        url.find(f"{SITEMAP}loc").text.split("://", 1)[1].split("/", 1)[1]
        for url in sitemap_urls(client)
    )
