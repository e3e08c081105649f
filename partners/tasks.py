"""Background jobs of the partners app: notices about reviews of what a partner submitted, and about invitations."""

from celery import shared_task
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from core.notifications import deliver
from partners.models import CampaignParticipation, PartnerActivity


def _admins_of(partner_id: int):
    return User.objects.filter(
        memberships__partner_id=partner_id,
        memberships__role=Membership.Role.PARTNER_ADMIN,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    )


@shared_task
def send_participation_review_notice(participation_id: int) -> None:
    participation = CampaignParticipation.objects.select_related("campaign").get(pk=participation_id)
    title = participation.campaign.title
    if participation.status == CampaignParticipation.Status.ACCEPTED:
        subject = _("Accepted into a campaign: %(title)s") % {"title": title}
        body = _("The organizer accepted your partner into %(title)s.") % {"title": title}
    else:
        subject = _("Not accepted into a campaign: %(title)s") % {"title": title}
        body = _("The organizer declined your partner's offer for %(title)s. %(reason)s") % {
            "title": title,
            "reason": participation.review_reason,
        }
    for admin in _admins_of(participation.partner_id):
        deliver(
            key=f"participation:{participation.pk}:{participation.status}:{admin.pk}",
            user=admin,
            subject=subject,
            body=body.strip(),
        )


@shared_task
def send_partner_invitation_notice(participation_id: int) -> None:
    """Tell the partner's admins that a campaign's organizer invites the partner."""
    participation = CampaignParticipation.objects.select_related("campaign__center").get(pk=participation_id)
    campaign = participation.campaign
    subject = _("Invitation to a campaign: %(title)s") % {"title": campaign.title}
    body = _("%(center)s invites your partner to take part in %(title)s. %(message)s") % {
        "center": campaign.center.name,
        "title": campaign.title,
        "message": participation.message,
    }
    for admin in _admins_of(participation.partner_id):
        deliver(
            key=f"participation:{participation.pk}:invited:{admin.pk}", user=admin, subject=subject, body=body.strip()
        )


@shared_task
def send_invitation_answer_notice(participation_id: int) -> None:
    """Tell the organizer who sent an invitation how the partner answered it."""
    participation = CampaignParticipation.objects.select_related("partner", "campaign", "created_by").get(
        pk=participation_id
    )
    inviter = participation.created_by
    if inviter is None or not inviter.is_active:
        return
    names = {"partner": participation.partner.name, "title": participation.campaign.title}
    if participation.status == CampaignParticipation.Status.ACCEPTED:
        subject = _("Invitation accepted: %(partner)s") % names
        body = _("%(partner)s accepted your invitation to %(title)s.") % names
    else:
        subject = _("Invitation declined: %(partner)s") % names
        body = _("%(partner)s declined your invitation to %(title)s. %(reason)s") % {
            **names,
            "reason": participation.review_reason,
        }
    deliver(
        key=f"participation:{participation.pk}:{participation.status}:{inviter.pk}",
        user=inviter,
        subject=subject,
        body=body.strip(),
    )


@shared_task
def send_activity_review_notice(activity_id: int) -> None:
    activity = PartnerActivity.objects.get(pk=activity_id)
    if activity.status == PartnerActivity.Status.VERIFIED:
        subject = _("Activity log verified: %(title)s") % {"title": activity.title}
        body = _("%(title)s (%(day)s) was verified and its volunteers' hours were credited.")
    else:
        subject = _("Activity log sent back: %(title)s") % {"title": activity.title}
        body = _("%(title)s (%(day)s) was sent back: %(reason)s Fix it and submit it again.")
    body %= {"title": activity.title, "day": activity.occurred_on.isoformat(), "reason": activity.review_reason}
    for admin in _admins_of(activity.partner_id):
        deliver(
            key=f"activity:{activity.pk}:{activity.status}:{int(activity.reviewed_at.timestamp())}:{admin.pk}",
            user=admin,
            subject=subject,
            body=body,
        )
