import factory

from returns.models import CancellationReason


class CancellationReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CancellationReason

    subject = factory.Sequence(lambda n: f"Reason {n}")
    cancellation_type = "cancel"
    is_active = True

    class Params:
        refund = factory.Trait(cancellation_type="refund")
        needs_description = factory.Trait(extra_information_needed=True)
        seller_fault = factory.Trait(is_seller_fault=True)
