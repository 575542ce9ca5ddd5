from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="package",
            index=models.Index(
                models.F("seller"), models.F("created_at").desc(), models.F("id").desc(), name="package_seller_new_idx"
            ),
        ),
    ]
