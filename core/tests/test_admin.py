"""Django admin covers every model of the platform, its pages open, and only superusers get in."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import UserFactory

PLATFORM_APPS = ["accounts", "areas", "volunteers", "partners", "campaigns", "orders", "targets", "core"]


def platform_models():
    return [
        model
        for label in PLATFORM_APPS
        for model in apps.get_app_config(label).get_models()
        if not model._meta.auto_created
    ]


def inline_models() -> set:
    return {inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines}


@pytest.mark.parametrize("model", platform_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin_on_its_own_or_inline(model):
    assert admin.site.is_registered(model) or model in inline_models()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [m for m in platform_models() if admin.site.is_registered(m)], ids=lambda m: m._meta.label
)
def test_every_admin_list_page_opens_for_a_superuser(world, client, model):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    response = client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))

    assert response.status_code == 200


@pytest.mark.django_db
def test_staff_without_superuser_cannot_use_the_admin(world, client):
    client.force_login(world.users["district_admin"])

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
