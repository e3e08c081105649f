"""Django serves the built web app: its index for every page URL, while the API, admin and static stay theirs."""

import pytest


@pytest.fixture
def built_app(settings, tmp_path):
    (tmp_path / "index.html").write_text('<!doctype html><div id="app"></div>', encoding="utf-8")
    settings.FRONTEND_DIST = tmp_path
    return tmp_path


@pytest.mark.parametrize("path", ["/", "/events/12", "/me/registrations", "/certificates/verify?number=1"])
def test_page_urls_get_the_app(client, built_app, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b'<div id="app">' in response.content
    assert response["Cache-Control"] == "no-cache"


def test_api_admin_and_docs_are_not_swallowed(client, built_app):
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert client.get("/admin/").status_code == 302
    assert client.get("/admin").status_code == 301
    assert client.get("/api/docs/").status_code == 200


def test_unbuilt_app_says_how_to_build_it(client, settings, tmp_path):
    settings.FRONTEND_DIST = tmp_path / "missing"
    response = client.get("/")
    assert response.status_code == 503
    assert b"npm run build" in response.content


def test_the_app_only_reads(client, built_app):
    assert client.post("/events/1").status_code == 405
