"""Point Django at the benchmark database before anything imports a model."""

import os
from pathlib import Path

import django

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SETTINGS_MODULE = "bench.settings"


def setup_django(database_url: str) -> None:
    """Settings come from the environment (config/settings.py), so the URL goes there before django.setup()."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    django.setup()
