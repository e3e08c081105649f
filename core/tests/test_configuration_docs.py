"""Every environment variable the settings read is documented in docs/configuration.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_setting_read_from_the_environment_is_documented():
    settings_source = (ROOT / "config" / "settings.py").read_text()
    documented = (ROOT / "docs" / "configuration.md").read_text()
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", settings_source))

    assert read, "no env() calls found: the pattern no longer matches settings.py"
    assert sorted(name for name in read if f"`{name}`" not in documented) == []
