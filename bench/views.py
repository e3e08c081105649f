"""Raw-Django baselines: the same filters and page size as the API, rows straight from `.values()`.

No DRF, no authentication, no serializer, no COUNT: what a hand-written view costs, so the API's figure can be
read as a ratio of it (DESIGN.md, "What we measured before building"). Never mounted outside bench.settings.
"""

from django.db.models import F
from django.http import Http404, JsonResponse
from django.utils.dateparse import parse_datetime

from areas.models import Area
from campaigns.matching import PARTS, top_indices
from campaigns.models import Campaign, Event
from campaigns.selectors import PUBLIC_CAMPAIGN_STATUSES, score_pool, weights_for
from volunteers.models import Skill, Volunteer

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

EVENT_COLUMNS = (
    "id",
    "campaign_id",
    "campaign__title",
    "campaign__theme",
    "title",
    "description",
    "starts_at",
    "ends_at",
    "area_id",
    "area__name",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "confirmed_count",
    "min_age",
    "partner_only_id",
    "status",
)
VOLUNTEER_COLUMNS = ("id", "real_name", "gender", "home_area_id", "home_area__name", "availability", "created_at")


def _page_size(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page_size", DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE))
    except ValueError:
        return DEFAULT_PAGE_SIZE


def _area(request) -> Area | None:
    area_id = request.GET.get("area")
    return Area.objects.filter(pk=area_id).first() if area_id else None


def raw_events(request):
    """GET /api/v1/events/?area=&starts_after=&has_free_places=true, anonymous."""
    events = Event.objects.filter(campaign__status__in=PUBLIC_CAMPAIGN_STATUSES)
    area = _area(request)
    if area is not None:
        events = events.filter(area__path__startswith=area.path)
    starts_after = parse_datetime(request.GET.get("starts_after", ""))
    if starts_after is not None:
        events = events.filter(starts_at__gte=starts_after)
    if request.GET.get("has_free_places") == "true":
        events = events.filter(confirmed_count__lt=F("capacity"))
    rows = list(events.order_by("starts_at", "id").values(*EVENT_COLUMNS)[: _page_size(request)])
    return JsonResponse({"results": rows})


def raw_volunteers(request):
    """GET /api/v1/volunteers/?area=&skill= as a coordinator of the area sees it (scope = the area's subtree)."""
    volunteers = Volunteer.objects.active()
    area = _area(request)
    if area is not None:
        volunteers = volunteers.filter(home_area__path__startswith=area.path)
    code = request.GET.get("skill")
    if code:
        skill = Skill.objects.filter(code=code).first()
        volunteers = volunteers.filter(skills=skill)
    rows = list(volunteers.order_by("-created_at").values(*VOLUNTEER_COLUMNS)[: _page_size(request)])
    return JsonResponse({"results": rows})


def raw_candidates(request, event_id: int):
    """GET /api/v1/events/<id>/candidates/?limit=: the same pool and scores, the chosen rows through `.values()`."""
    event = Event.objects.select_related("campaign", "area").filter(pk=event_id).first()
    if event is None:
        raise Http404
    limit = max(1, min(int(request.GET.get("limit", 50)), 200))
    scored = score_pool(event, weights_for(event.campaign))
    best = top_indices(scored.totals, limit)
    ids = [int(scored.ids[i]) for i in best]
    rows = {row["id"]: row for row in Volunteer.objects.filter(pk__in=ids).values("id", "real_name", "home_area__name")}
    results = [
        {
            **rows[int(scored.ids[i])],
            "score": round(float(scored.totals[i]), 4),
            "parts": {name: round(float(value), 4) for name, value in zip(PARTS, scored.parts[i], strict=True)},
        }
        for i in best
    ]
    return JsonResponse({"results": results})


def raw_partner_candidates(request, campaign_id: int):
    """GET /api/v1/campaigns/<id>/partner-candidates/?limit=: the same selector, plain dicts instead of DRF."""
    from partners.selectors import partner_candidates  # the ranked read (its engineer's module)

    campaign = Campaign.objects.select_related("center__area").filter(pk=campaign_id).first()
    if campaign is None:
        raise Http404
    limit = max(1, min(int(request.GET.get("limit", 50)), 200))
    results = [
        {
            "id": row["partner"].pk,
            "name": row["partner"].name,
            "kind": row["partner"].kind,
            "area": row["partner"].area.name,
            "score": row["score"],
            "participation": row["participation"],
            "pledged_hours": row["pledged_hours"],
            "delivered_hours": row["delivered_hours"],
            "running_campaigns": row["running_campaigns"],
            "parts": row["parts"],
        }
        for row in partner_candidates(campaign, limit=limit)
    ]
    return JsonResponse({"results": results})
