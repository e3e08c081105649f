"""On PostgreSQL the hour ledger refuses UPDATE and DELETE: entries are corrected by reversing entries."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION volunteers_servicerecord_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the service-hour ledger is append-only; add a reversing entry instead';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volunteers_servicerecord_append_only
    BEFORE UPDATE OR DELETE ON volunteers_servicerecord
    FOR EACH ROW EXECUTE FUNCTION volunteers_servicerecord_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS volunteers_servicerecord_append_only ON volunteers_servicerecord;
DROP FUNCTION IF EXISTS volunteers_servicerecord_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0002_service_hour_ledger")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
