from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _


class PlatformAdminSite(admin.AdminSite):
    """Django admin for superusers (district IT) only; everyone else works through the API and web app."""

    site_header = _("Gongjian administration")
    site_title = _("Gongjian")
    index_title = _("Platform data")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser


class PlatformAdminConfig(AdminConfig):
    default_site = "core.admin_site.PlatformAdminSite"
