"""The Chromium PDF printer (analysis.report.browser): a missing browser names the install line.
"""
from __future__ import annotations

import pytest

from analysis.report import browser


def test_missing_chromium_names_the_install_line(monkeypatch):
    monkeypatch.delenv("REANALYSIS_CHROMIUM", raising=False)
    monkeypatch.setattr(browser.shutil, "which", lambda name: None)
    monkeypatch.setattr(browser.os.path, "isfile", lambda p: False)
    with pytest.raises(browser.ReportBuildError, match="apt-get install --no-install-recommends chromium"):
        browser.find_chromium()
