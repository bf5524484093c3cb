import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from .pages import NOT_FOUND_URL, PUBLIC_PAGES

VNU_JAR = Path(
    os.environ.get(
        "VNU_JAR",
        Path(settings.BASE_DIR) / ".tools/node_modules/vnu-jar/build/dist/vnu.jar",
    )
)


@pytest.fixture
def shipped_content(shipped_content):
    """The shipped content, and a best bet, so the gates see a recommended search result."""
    from search.models import BestBet, SearchDocument

    reporting = SearchDocument.objects.get(url="/advice/reporting-cybercrime/")
    BestBet.objects.create(
        query="report a scam", kind=reporting.kind, object_id=reporting.object_id
    )
    return shipped_content


@pytest.fixture
def public_urls():
    return [url for _, url in PUBLIC_PAGES]


@pytest.fixture
def not_found_url():
    return NOT_FOUND_URL


@pytest.fixture(scope="session")
def vnu():
    """A function validating HTML documents with the Nu HTML Checker; returns its messages."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        missing = "java" if not java else str(VNU_JAR)
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"the Nu HTML Checker needs {missing}")
        pytest.skip(f"the Nu HTML Checker needs {missing} (make test installs vnu.jar)")

    def validate(documents, tmp_path):
        files = []
        for number, (name, html) in enumerate(documents):
            file = tmp_path / f"{number:03d}.html"
            file.write_text(html, encoding="utf-8")
            files.append((file, name))
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
            + [str(file) for file, _ in files],
            capture_output=True,
            text=True,
            timeout=300,
        )
        report = json.loads(result.stderr or '{"messages": []}')
        names = {file.name: name for file, name in files}
        return [
            (names.get(Path(m.get("url", "")).name, m.get("url")), m.get("lastLine"), m["message"])
            for m in report.get("messages", [])
            if m.get("type") in {"error", "non-document-error"}
        ]

    return validate
