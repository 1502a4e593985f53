"""The chain catalogue moved to the org chart (``org.0004_chain_catalogue_from_chains``): this app's
foreign keys to it now point at ``org.*``. State only: the tables and their columns are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0007_reminder_policy_history'),
        ('org', '0004_chain_catalogue_from_chains'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='chain',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalcase',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
            ],
        ),
    ]
