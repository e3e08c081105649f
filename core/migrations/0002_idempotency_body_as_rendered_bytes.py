"""Store the rendered response bytes, so replays are byte-identical (jsonb reorders keys).

Replaces the column rather than casting it: PostgreSQL cannot cast jsonb to bytea, and a stored
answer only matters for the minutes a client retries.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0001_notices_and_idempotency")]

    operations = [
        migrations.RemoveField(model_name="idempotencyrecord", name="body"),
        migrations.AddField(model_name="idempotencyrecord", name="body", field=models.BinaryField(null=True)),
    ]
