"""Public survey links: a survey, and optionally a community fixed by a signed parameter (for posters).

The parameter is signed with the site's secret, so a poster's link cannot be edited to count answers toward
another community; it carries no expiry, since printed posters stay on walls.
"""

from django.core import signing

SALT = "targets.survey-community-link"


def community_token(survey_id: int, community_id: int) -> str:
    return signing.dumps([survey_id, community_id], salt=SALT, compress=True)


def read_community_token(token: str) -> tuple[int, int] | None:
    """(survey id, community id), or None for a damaged or forged token."""
    try:
        survey_id, community_id = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(survey_id, int) or not isinstance(community_id, int):
        return None
    return survey_id, community_id


def public_path(survey_id: int, community_id: int | None = None) -> str:
    """The web app's page for answering the survey."""
    path = f"/surveys/{survey_id}"
    return f"{path}?c={community_token(survey_id, community_id)}" if community_id else path
