"""The chain catalogue moved to the org chart (``org.0004_chain_catalogue_from_chains``): this app's
foreign keys to it now point at ``org.*``. State only: the tables and their columns are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0003_evaluation_submitted_due_at'),
        ('org', '0004_chain_catalogue_from_chains'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='alliance',
                    name='industry_chain',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='alliances', to='org.chain', verbose_name='chain served'),
                ),
                migrations.AlterField(
                    model_name='historicalalliance',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalalliance',
                    name='industry_chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain served'),
                ),
                migrations.AlterField(
                    model_name='historicalallianceevaluation',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
            ],
        ),
    ]
