"""One hash chain per district (plus ``global``) instead of one chain locked by every write in the city.

Existing rows keep their hashes and stay in the ``global`` chain they were linked in: re-linking them per
district would mean re-hashing them, which would also bless any row edited before the migration. The single
existing head (pk 1) becomes the ``global`` chain's head; district heads are created on their first write.
"""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="audithead",
            name="chain",
            field=models.CharField(default="global", help_text="district-编号 或 global", max_length=32,
                                   unique=True, verbose_name="审计链"),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="chain",
            field=models.CharField(default="global", help_text="每个辖区一条哈希链（district-编号），全市与系统操作为 global",
                                   max_length=32, verbose_name="审计链"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="created_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now,
                                       help_text="操作发生的时间（作出决定的服务所用的时间）", verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(help_text="同一条链上前一条记录的 SHA-256", max_length=64, verbose_name="上一条哈希"),
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(fields=["chain", "id"], name="audit_chain_idx"),
        ),
    ]
