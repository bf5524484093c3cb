"""The Chromium the browser tests drive is started as tests/conftest.py says."""

import os
from pathlib import Path

import pytest

from tests.conftest import BROWSER_UI_FEATURES_OFF, PLAYWRIGHT_DISABLED_FEATURES

pytestmark = [pytest.mark.browser, pytest.mark.database_independent]


def chromium_command_lines():
    """The command line of each Chromium browser process this test process started (through
    Playwright's driver), each as a list of arguments."""
    parents = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        parents[int(pid)] = int(stat[stat.rindex(")") + 2 :].split()[1])

    def started_here(pid):
        while pid > 1:
            if pid == os.getpid():
                return True
            pid = parents.get(pid, 1)
        return False

    for pid in filter(started_here, parents):
        try:
            arguments = Path(f"/proc/{pid}/cmdline").read_text().split("\0")
        except OSError:
            continue
        if "--remote-debugging-pipe" in arguments and not any(
            argument.startswith("--type=") for argument in arguments
        ):
            yield arguments


def test_chromium_keeps_every_feature_playwright_turns_off(browser):
    """Chromium honours only the last --disable-features: Playwright passes its own first and
    ours comes after it, so ours must name every feature Playwright's does."""
    command_lines = list(chromium_command_lines())
    assert command_lines, "no Chromium started by this process"
    for arguments in command_lines:
        disabled = [
            argument.removeprefix("--disable-features=").split(",")
            for argument in arguments
            if argument.startswith("--disable-features=")
        ]
        playwrights, honoured = disabled[0], disabled[-1]
        assert set(playwrights) <= set(honoured), (
            f"add to PLAYWRIGHT_DISABLED_FEATURES: {set(playwrights) - set(honoured)}"
        )
        assert set(PLAYWRIGHT_DISABLED_FEATURES + BROWSER_UI_FEATURES_OFF) <= set(honoured)
