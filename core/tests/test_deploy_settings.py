"""The production configuration passes Django's deployment checklist, refuses to start without its secrets,
and the API schema documents every operation without a warning.

Each check runs `manage.py` in a fresh process with only the environment given here, as a deployment would.
"""

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    return {
        "GONGJIAN_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "example.gov.cn",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
    }


def test_production_settings_pass_the_deployment_checklist(production_env):
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env)

    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", ["SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"])
def test_production_refuses_to_start_without_its_secrets(production_env, secret):
    # Empty rather than absent, so a developer's .env (read for absent variables only) cannot fill it in.
    result = manage("check", env={**production_env, secret: ""})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert secret in result.stderr


def test_every_operation_is_documented_without_warnings(tmp_path):
    schema = tmp_path / "schema.yaml"

    result = manage("spectacular", "--validate", "--fail-on-warn", "--file", str(schema), env={})

    assert result.returncode == 0, result.stderr
    assert schema.stat().st_size > 0
