"""The catalogue now lives in the org chart (``org.0004_chain_catalogue_from_chains``): forget it here,
after every app's foreign keys point at ``org.*``. State only: the tables are the org models' now."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('alliances', '0004_chain_catalogue_in_org'),
        ('casework', '0008_case_chain_in_org'),
        ('chains', '0003_cases'),
        ('org', '0004_chain_catalogue_from_chains'),
        ('projects', '0002_chain_catalogue_in_org'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name='historicalchaintask',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.RemoveField(
                    model_name='chainowner',
                    name='chain',
                ),
                migrations.RemoveField(
                    model_name='historicalchainnode',
                    name='chain',
                ),
                migrations.AlterField(
                    model_name='historicalbottleneck',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain'),
                ),
                migrations.RemoveField(
                    model_name='chainnode',
                    name='chain',
                ),
                migrations.RemoveField(
                    model_name='chainnode',
                    name='enterprises',
                ),
                migrations.RemoveField(
                    model_name='historicalchainnode_enterprises',
                    name='chainnode',
                ),
                migrations.RemoveField(
                    model_name='chainowner',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='historicalchain',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalchain',
                    name='industry',
                ),
                migrations.RemoveField(
                    model_name='historicalchain',
                    name='leader_department',
                ),
                migrations.RemoveField(
                    model_name='historicalchain',
                    name='subfield',
                ),
                migrations.RemoveField(
                    model_name='historicalchainnode',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalchainnode_enterprises',
                    name='history',
                ),
                migrations.RemoveField(
                    model_name='historicalchainnode_enterprises',
                    name='enterprise',
                ),
                migrations.RemoveField(
                    model_name='historicalindustry',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalsubfield',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicalsubfield',
                    name='industry',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskforce',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskforce',
                    name='industry',
                ),
                migrations.RemoveField(
                    model_name='historicaltaskforce',
                    name='leader',
                ),
                migrations.RemoveField(
                    model_name='taskforce',
                    name='industry',
                ),
                migrations.RemoveField(
                    model_name='subfield',
                    name='industry',
                ),
                migrations.RemoveField(
                    model_name='taskforce',
                    name='leader',
                ),
                migrations.DeleteModel(
                    name='Chain',
                ),
                migrations.DeleteModel(
                    name='ChainNode',
                ),
                migrations.DeleteModel(
                    name='ChainOwner',
                ),
                migrations.DeleteModel(
                    name='HistoricalChain',
                ),
                migrations.DeleteModel(
                    name='HistoricalChainNode',
                ),
                migrations.DeleteModel(
                    name='HistoricalChainNode_enterprises',
                ),
                migrations.DeleteModel(
                    name='HistoricalIndustry',
                ),
                migrations.DeleteModel(
                    name='HistoricalSubField',
                ),
                migrations.DeleteModel(
                    name='HistoricalTaskForce',
                ),
                migrations.DeleteModel(
                    name='Industry',
                ),
                migrations.DeleteModel(
                    name='SubField',
                ),
                migrations.DeleteModel(
                    name='TaskForce',
                ),
            ],
        ),
    ]
