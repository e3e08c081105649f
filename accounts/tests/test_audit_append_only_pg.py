"""The audit table is append-only on PostgreSQL: a trigger refuses UPDATE and DELETE, even in raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from accounts.models import AuditEvent
from accounts.services import record_audit
from accounts.tests.factories import UserFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="append-only is a PostgreSQL trigger (migration accounts 0003); SQLite has none",
    ),
]


@pytest.fixture
def event(db):
    return record_audit(action="login_failed", outcome=AuditEvent.Outcome.FAILURE, detail={"locked": False})


def stored(event) -> tuple:
    return AuditEvent.objects.filter(pk=event.pk).values_list("action", "outcome", "detail").get()


def raw(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:  # the savepoint keeps the test's transaction usable
        cursor.execute(sql, params)


def test_a_raw_update_is_refused_and_changes_nothing(event):
    # when
    with pytest.raises(DatabaseError, match="append-only"):
        raw("UPDATE accounts_auditevent SET outcome = %s, detail = %s WHERE id = %s", ["success", "{}", event.pk])

    # then
    assert stored(event) == ("login_failed", "failure", {"locked": False})


def test_a_raw_delete_is_refused_and_removes_nothing(event):
    # when
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM accounts_auditevent WHERE id = %s", [event.pk])

    # then
    assert AuditEvent.objects.filter(pk=event.pk).count() == 1


def test_a_bulk_raw_delete_removes_no_row(event):
    # given
    record_audit(action="logout")

    # when
    with pytest.raises(DatabaseError, match="append-only"):
        raw("DELETE FROM accounts_auditevent WHERE id > %s", [0])

    # then
    assert AuditEvent.objects.count() == 2


def test_orm_updates_and_deletes_are_refused_too(event):
    # when
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="login_succeeded")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()

    # then
    assert stored(event) == ("login_failed", "failure", {"locked": False})


def test_appending_still_works(event):
    # when
    record_audit(action="logout")

    # then
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == ["login_failed", "logout"]


def test_an_account_with_a_history_cannot_be_deleted(db):
    # given: deleting would have to null the actor of an append-only row
    user = UserFactory()
    logged = record_audit(action="logout", actor=user)

    # when
    with pytest.raises(ProtectedError), transaction.atomic():
        user.delete()

    # then
    assert AuditEvent.objects.get(pk=logged.pk).actor_id == user.pk
    assert type(user).objects.filter(pk=user.pk).exists()
