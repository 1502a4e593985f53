"""The chain catalogue (industries, sub-fields, chains, their owners, task forces and maps) moves from
the ``chains`` app into the org chart, and no row moves with it: the models keep their tables
(``Meta.db_table``, and the table names of their histories), so only Django's idea of where they live
changes (``state_operations``), and the previous release keeps working on the same tables while it
still serves. The one write: the content types follow the models, so the role groups' permissions
and the admin's log entries stay attached to them.

The other apps' foreign keys are pointed at ``org.*`` by their own state-only migrations, and
``chains.0004_chain_catalogue_to_org`` then forgets the old models.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "industry",
    "subfield",
    "chain",
    "chainowner",
    "taskforce",
    "chainnode",
    "historicalindustry",
    "historicalsubfield",
    "historicalchain",
    "historicaltaskforce",
    "historicalchainnode",
    "historicalchainnode_enterprises",
)


def move_content_types(apps, schema_editor, source="chains", target="org"):
    """Keep each model's content type (and so its permissions, role grants and admin log entries)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    taken = set(types.filter(app_label=target, model__in=MOVED).values_list("model", flat=True))
    types.filter(app_label=source, model__in=set(MOVED) - taken).update(app_label=target)


def restore_content_types(apps, schema_editor):
    move_content_types(apps, schema_editor, source="org", target="chains")


class Migration(migrations.Migration):

    dependencies = [
        ('chains', '0003_cases'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('org', '0003_apikey_historicalapikey'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Industry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=60, unique=True, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                    ],
                    options={
                        'verbose_name': 'industry',
                        'verbose_name_plural': 'industries',
                        'db_table': 'chains_industry',
                        'ordering': ['order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='Chain',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(help_text='Stable identifier used by the API and partners.', max_length=20, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('leader_department', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='led_chains', to='org.department', verbose_name='chain-leader department')),
                    ],
                    options={
                        'verbose_name': 'chain',
                        'verbose_name_plural': 'chains',
                        'db_table': 'chains_chain',
                        'ordering': ['industry__order', 'subfield__order', 'order', 'code'],
                    },
                ),
                migrations.AlterField(
                    model_name='enterprise',
                    name='chains',
                    field=models.ManyToManyField(blank=True, related_name='enterprises', to='org.chain', verbose_name='chains'),
                ),
                migrations.AlterField(
                    model_name='historicalenterprise_chains',
                    name='chain',
                    field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain'),
                ),
                migrations.CreateModel(
                    name='ChainNode',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('segment', models.CharField(choices=[('upstream', 'Upstream'), ('midstream', 'Midstream'), ('downstream', 'Downstream')], max_length=12, verbose_name='segment')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_missing_link', models.BooleanField(default=False, help_text='A gap in the chain: a target for investment attraction.', verbose_name='missing link')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('chain', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='nodes', to='org.chain', verbose_name='chain')),
                        ('enterprises', models.ManyToManyField(blank=True, db_table='chains_chainnode_enterprises', related_name='chain_nodes', to='org.enterprise', verbose_name='enterprises')),
                    ],
                    options={
                        'verbose_name': 'chain map node',
                        'verbose_name_plural': 'chain map nodes',
                        'db_table': 'chains_chainnode',
                        'ordering': ['chain', 'order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='ChainOwner',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('chain', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='ownerships', to='org.chain', verbose_name='chain')),
                        ('enterprise', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='chain_ownerships', to='org.enterprise', verbose_name='enterprise')),
                    ],
                    options={
                        'verbose_name': 'chain owner',
                        'verbose_name_plural': 'chain owners',
                        'db_table': 'chains_chainowner',
                    },
                ),
                migrations.AddField(
                    model_name='chain',
                    name='owners',
                    field=models.ManyToManyField(blank=True, related_name='owned_chains', through='org.ChainOwner', to='org.enterprise', verbose_name='chain owners'),
                ),
                migrations.CreateModel(
                    name='HistoricalChainNode',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('segment', models.CharField(choices=[('upstream', 'Upstream'), ('midstream', 'Midstream'), ('downstream', 'Downstream')], max_length=12, verbose_name='segment')),
                        ('name', models.CharField(max_length=80, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('is_missing_link', models.BooleanField(default=False, help_text='A gap in the chain: a target for investment attraction.', verbose_name='missing link')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('chain', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chain', verbose_name='chain')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical chain map node',
                        'verbose_name_plural': 'historical chain map nodes',
                        'db_table': 'chains_historicalchainnode',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalChainNode_enterprises',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('m2m_history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('chainnode', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.chainnode')),
                        ('enterprise', models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.enterprise')),
                        ('history', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='org.historicalchainnode')),
                    ],
                    options={
                        'verbose_name': 'HistoricalChainNode_enterprises',
                        'db_table': 'chains_historicalchainnode_enterprises',
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalIndustry',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(max_length=20, verbose_name='code')),
                        ('name', models.CharField(db_index=True, max_length=60, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical industry',
                        'verbose_name_plural': 'historical industries',
                        'db_table': 'chains_historicalindustry',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalTaskForce',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('name', models.CharField(db_index=True, max_length=80, verbose_name='name')),
                        ('leader_name', models.CharField(blank=True, max_length=40, verbose_name='leader')),
                        ('leader_title', models.CharField(blank=True, max_length=60, verbose_name="leader's title")),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('leader', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name="leader's account")),
                        ('industry', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.industry', verbose_name='industry')),
                    ],
                    options={
                        'verbose_name': 'historical task force',
                        'verbose_name_plural': 'historical task forces',
                        'db_table': 'chains_historicaltaskforce',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='HistoricalSubField',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(max_length=20, verbose_name='code')),
                        ('name', models.CharField(max_length=60, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('industry', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.industry', verbose_name='industry')),
                    ],
                    options={
                        'verbose_name': 'historical sub-field',
                        'verbose_name_plural': 'historical sub-fields',
                        'db_table': 'chains_historicalsubfield',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='chain',
                    name='industry',
                    field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='chains', to='org.industry', verbose_name='industry'),
                ),
                migrations.CreateModel(
                    name='SubField',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(max_length=20, unique=True, verbose_name='code')),
                        ('name', models.CharField(max_length=60, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('industry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subfields', to='org.industry', verbose_name='industry')),
                    ],
                    options={
                        'verbose_name': 'sub-field',
                        'verbose_name_plural': 'sub-fields',
                        'db_table': 'chains_subfield',
                        'ordering': ['industry__order', 'order', 'code'],
                    },
                ),
                migrations.CreateModel(
                    name='HistoricalChain',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('code', models.SlugField(help_text='Stable identifier used by the API and partners.', max_length=20, verbose_name='code')),
                        ('name', models.CharField(db_index=True, max_length=80, verbose_name='name')),
                        ('order', models.PositiveSmallIntegerField(default=0, verbose_name='order')),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('leader_department', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.department', verbose_name='chain-leader department')),
                        ('industry', models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.industry', verbose_name='industry')),
                        ('subfield', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='org.subfield', verbose_name='sub-field')),
                    ],
                    options={
                        'verbose_name': 'historical chain',
                        'verbose_name_plural': 'historical chains',
                        'db_table': 'chains_historicalchain',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.AddField(
                    model_name='chain',
                    name='subfield',
                    field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='chains', to='org.subfield', verbose_name='sub-field'),
                ),
                migrations.CreateModel(
                    name='TaskForce',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('is_sample', models.BooleanField(default=False, help_text='Filled in for demonstration; not an official record.', verbose_name='sample')),
                        ('source_note', models.CharField(blank=True, help_text='Where this record comes from.', max_length=200, verbose_name='source')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('leader_name', models.CharField(blank=True, max_length=40, verbose_name='leader')),
                        ('leader_title', models.CharField(blank=True, max_length=60, verbose_name="leader's title")),
                        ('industry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='task_force', to='org.industry', verbose_name='industry')),
                        ('leader', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='led_task_forces', to=settings.AUTH_USER_MODEL, verbose_name="leader's account")),
                    ],
                    options={
                        'verbose_name': 'task force',
                        'verbose_name_plural': 'task forces',
                        'db_table': 'chains_taskforce',
                        'ordering': ['industry__order'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='chainnode',
                    constraint=models.UniqueConstraint(fields=('chain', 'segment', 'name'), name='chainnode_unique'),
                ),
                migrations.AddConstraint(
                    model_name='chainowner',
                    constraint=models.UniqueConstraint(fields=('chain', 'enterprise'), name='chainowner_unique'),
                ),
                migrations.AddConstraint(
                    model_name='subfield',
                    constraint=models.UniqueConstraint(fields=('industry', 'name'), name='subfield_unique_name'),
                ),
            ],
        ),
        migrations.RunPython(move_content_types, restore_content_types),
    ]
