"""Reasons made before audiences existed are the customers' (the field's default), except
the seller's "Out of stock". A database holding the demo's reasons also gets the demo's
reasons for the owner's staff and for sellers, so every form keeps choices; elsewhere the
owner adds them in Cancellation Reasons. A migration of its own, after the field's.
"""

from django.db import migrations

OWNER_AND_SELLER_REASONS = [
    ("owner", "cancel", "The customer asked customer service", "Müşteri, müşteri hizmetlerinden istedi", 1, False, False),
    ("owner", "cancel", "Suspected fraud", "Şüpheli işlem", 2, False, False),
    ("owner", "cancel", "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    ("owner", "refund", "The customer asked customer service", "Müşteri, müşteri hizmetlerinden istedi", 1, False, False),
    ("owner", "refund", "Damaged or defective product", "Hasarlı veya kusurlu ürün", 2, False, True),
    ("owner", "refund", "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
    ("seller", "cancel", "Out of stock", "Stokta yok", 1, False, False),
    ("seller", "cancel", "Cannot ship in time", "Zamanında gönderilemiyor", 2, False, False),
    ("seller", "cancel", "Defect found before shipping", "Gönderim öncesi kusur bulundu", 3, False, False),
    ("seller", "cancel", "Other (please describe)", "Diğer (lütfen açıklayın)", 9, True, False),
]


def audiences(apps, schema_editor):
    db = schema_editor.connection.alias
    Reason = apps.get_model("returns", "CancellationReason")
    Reason.objects.using(db).filter(cancellation_type="cancel", subject="Out of stock").update(audience="seller")
    if not Reason.objects.using(db).filter(cancellation_type="cancel", subject="I changed my mind").exists():
        return  # not the demo's reasons
    for audience, kind, subject, subject_tr, order, extra, fault in OWNER_AND_SELLER_REASONS:
        Reason.objects.using(db).get_or_create(
            audience=audience,
            cancellation_type=kind,
            subject=subject,
            defaults={
                "subject_tr": subject_tr,
                "order": order,
                "extra_information_needed": extra,
                "is_seller_fault": fault,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("returns", "0017_reason_audience")]

    operations = [migrations.RunPython(audiences, migrations.RunPython.noop)]
