# Written by hand (makemigrations would also write StreamField changes of the same
# release, which are migrated separately): the index the upcoming events read.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_per_use_image_text"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="seminarreportpage",
            index=models.Index(fields=["start_date"], name="articles_seminar_start"),
        ),
    ]
