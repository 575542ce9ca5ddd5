"""The lists' query parameters: validated like any input (an unknown value is a 400), then applied."""

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from orders.choices import PackageStatus
from returns.choices import CancellationType, PlanStatus, RequestStatus

from .serializers import CANCELLED_BY

ORIGIN_OF = {number: origin for origin, number in CANCELLED_BY.items()}


class ChoiceListField(serializers.CharField):
    """A comma-separated list of choices (`status__in=waiting,approved`), as `pattern` says."""

    def __init__(self, *, choices, **kwargs):
        self.choices = [str(choice) for choice in choices]
        one = "|".join(re.escape(choice) for choice in self.choices)
        self.pattern = f"^({one})(,({one}))*$"
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not re.fullmatch(self.pattern, value):
            raise serializers.ValidationError(_("Choose among: %(choices)s.") % {"choices": ", ".join(self.choices)})
        return value.split(",")


class ChoiceListFieldSchema(OpenApiSerializerFieldExtension):
    target_class = ChoiceListField

    def map_serializer_field(self, auto_schema, direction):
        return {"type": "string", "pattern": self.target.pattern, "maxLength": self.target.max_length}


class PageSerializer(serializers.Serializer):
    """`page` and `limit` (checked here so that a malformed one is a 400, and in the schema)."""

    page = serializers.IntegerField(required=False, min_value=1, max_value=10**6)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=100)


class DatesSerializer(PageSerializer):
    created_at__gte = serializers.DateTimeField(required=False)
    created_at__lte = serializers.DateTimeField(required=False)


class ClaimFilterSerializer(DatesSerializer):
    type = serializers.ChoiceField(choices=CancellationType.choices, required=False)
    status = serializers.ChoiceField(choices=RequestStatus.choices, required=False)
    status__in = ChoiceListField(choices=RequestStatus.values, required=False, max_length=200)
    cancelled_by = serializers.ChoiceField(choices=sorted(ORIGIN_OF), required=False)
    updated_at__gte = serializers.DateTimeField(required=False)
    updated_at__lte = serializers.DateTimeField(required=False)


class PackageFilterSerializer(PageSerializer):
    status = serializers.ChoiceField(choices=PackageStatus.choices, required=False)


class PlanFilterSerializer(DatesSerializer):
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    plan_type = serializers.ChoiceField(choices=CancellationType.choices, required=False)


def claims_filter(claims: QuerySet, params: dict) -> QuerySet:
    """Apply a `ClaimFilterSerializer`'s values; `updated_at` is the claim's or its parcel's last change."""
    lookups = {
        "cancellation_type": params.get("type"),
        "status": params.get("status"),
        "status__in": params.get("status__in"),
        "origin": ORIGIN_OF.get(params.get("cancelled_by")),
        "created_at__gte": params.get("created_at__gte"),
        "created_at__lte": params.get("created_at__lte"),
    }
    claims = claims.filter(**{lookup: value for lookup, value in lookups.items() if value is not None})
    if (since := params.get("updated_at__gte")) is not None:
        claims = claims.filter(Q(updated_at__gte=since) | Q(return_shipment__updated_at__gte=since))
    if (until := params.get("updated_at__lte")) is not None:
        parcel_unchanged = Q(return_shipment__isnull=True) | Q(return_shipment__updated_at__lte=until)
        claims = claims.filter(parcel_unchanged, updated_at__lte=until)
    return claims


def simple_filter(queryset: QuerySet, params: dict, names: tuple[str, ...]) -> QuerySet:
    return queryset.filter(**{name: params[name] for name in names if params.get(name) is not None})
