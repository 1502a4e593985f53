"""The chain catalogue moved to the org chart (``org.0004_chain_catalogue_from_chains``): this app's
foreign keys to it now point at ``org.*``. State only: the tables and their columns are unchanged."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('org', '0004_chain_catalogue_from_chains'),
        ('projects', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalawardapplication',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalchallenge',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentactivity',
                    name='industry',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.industry', verbose_name='target industry'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentactivity_chains',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentlead',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentlead',
                    name='industry',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.industry', verbose_name='industry'),
                ),
                migrations.AlterField(
                    model_name='historicalinvestmentproject',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='historicalmilestone',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='investmentactivity',
                    name='chains',
                    field=models.ManyToManyField(blank=True, related_name='investment_activities', to='org.chain', verbose_name='target chains'),
                ),
                migrations.AlterField(
                    model_name='investmentactivity',
                    name='industry',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='investment_activities', to='org.industry', verbose_name='target industry'),
                ),
                migrations.AlterField(
                    model_name='investmentlead',
                    name='chain',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.AlterField(
                    model_name='investmentlead',
                    name='industry',
                    field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.industry', verbose_name='industry'),
                ),
            ],
        ),
    ]
