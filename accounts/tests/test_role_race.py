"""The district keeps an administrator even when two revoke each other at the same moment (PostgreSQL only:
SQLite serializes writers, so the race cannot happen there)."""

import pytest
from django.db import connection

from accounts.exceptions import LastDistrictAdmin
from accounts.models import Membership
from accounts.services import revoke_role
from accounts.tests.factories import MembershipFactory
from campaigns.tests.test_registration_race import run_in_threads

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and races need PostgreSQL"),
]


@pytest.mark.parametrize("attempt", range(3))
def test_two_admins_revoking_each_other_at_once_leave_one(attempt):
    first = MembershipFactory(role=Membership.Role.DISTRICT_ADMIN)
    second = MembershipFactory(role=Membership.Role.DISTRICT_ADMIN)

    outcomes = run_in_threads(
        [
            lambda: revoke_role(revoked_by=first.user, membership=Membership.objects.get(pk=second.pk)),
            lambda: revoke_role(revoked_by=second.user, membership=Membership.objects.get(pk=first.pk)),
        ],
        threads=2,
    )

    assert Membership.objects.filter(role=Membership.Role.DISTRICT_ADMIN).count() == 1
    assert sorted(type(outcome).__name__ for outcome in outcomes) == sorted(["NoneType", LastDistrictAdmin.__name__])
