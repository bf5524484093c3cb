"""README's table of environment variables names exactly what the site reads."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.database_independent  # it reads files

# The files that read the environment for the site: the settings, gunicorn's, and the proxies
# both of them trust.
READERS = ("portal/settings.py", "gunicorn.conf.py", "shared/proxies.py")
# os.environ.get("NAME" …), os.environ["NAME"], "NAME" in os.environ, env_flag("NAME" …),
# env_list("NAME" …), in either quotes.
READ = re.compile(
    r"""(?:environ(?:\.get\(|\[)|env_flag\(|env_list\()\s*["']([A-Z][A-Z0-9_]+)["']"""
    r"""|["']([A-Z][A-Z0-9_]+)["']\s+in\s+os\.environ"""
)
# Read only to refuse it, with a message naming its replacement (README says so in the text).
REFUSED = {"TRUSTED_PROXY_COUNT"}


def variables_read():
    names = set()
    for path in READERS:
        for found in READ.findall((settings.BASE_DIR / path).read_text()):
            names.update(name for name in found if name)
    return names - REFUSED


def variables_documented():
    readme = (settings.BASE_DIR / "README.md").read_text()
    table = readme.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    first_cells = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    return {name for cell in first_cells for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", cell)}


def test_every_environment_variable_read_is_in_the_readme_and_none_that_is_gone():
    read, documented = variables_read(), variables_documented()
    assert "DATABASE_URL" in read and "PORT" in read  # the patterns still find them
    assert read - documented == set(), "read but not in README's Configuration table"
    assert documented - read == set(), "in README's Configuration table but no longer read"
