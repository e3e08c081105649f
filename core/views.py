from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.http import require_safe

# Only an operator who skipped the build sees this, in both languages (it is not in the translation catalogue).
NOT_BUILT = (
    "网页应用尚未构建：请运行 `make run`，或在 frontend/ 中运行 `npm ci && npm run build`。\n"
    "The web app is not built yet: run `make run`, or `npm ci && npm run build` in frontend/.\n"
)


@require_safe
def spa(request):
    """Every page URL of the web app gets its index.html; the Vue router shows the right page."""
    index = settings.FRONTEND_DIST / "index.html"
    try:
        html = index.read_text(encoding="utf-8")
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT, status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(html)
    response["Cache-Control"] = "no-cache"
    return response
