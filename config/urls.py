from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from core.views import spa

api_v1 = [
    path("", include("accounts.api.urls")),
    path("", include("areas.api.urls")),
    path("", include("volunteers.api.urls")),
    path("", include("partners.api.urls")),
    path("", include("campaigns.api.urls")),
    path("", include("orders.api.urls")),
    path("", include("targets.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # Last: any other page URL belongs to the web app's router.
    re_path(r"^(?!(?:api|admin|static|media)(?:/|$)).*$", spa, name="spa"),
]

handler404 = "core.api.errors.page_not_found"
handler500 = "core.api.errors.server_error"
