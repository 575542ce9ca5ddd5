"""What every endpoint shares: lists that validate their filters, actions that call one service."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from .filters import PageSerializer
from .selectors import ClaimPages

PAGE_PARAMETERS = set(PageSerializer().fields)  # `page` and `limit`


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class ValidationErrorSerializer(ErrorSerializer):
    """A 400: `errors` lists the messages by field (nested as the body is) when fields were at fault."""

    errors = serializers.DictField(required=False)


ERRORS = {
    401: OpenApiResponse(ErrorSerializer, description="No key, or an unknown or revoked one"),
    403: OpenApiResponse(ErrorSerializer, description="The key's user may not do this"),
    404: OpenApiResponse(ErrorSerializer, description="No such object in the key's scope"),
    429: OpenApiResponse(ErrorSerializer, description="Too many requests for this key (see Retry-After)"),
}
LIST_ERRORS = {400: OpenApiResponse(ValidationErrorSerializer, description="A filter's value is not valid"), **ERRORS}
ACTION_ERRORS = {
    400: OpenApiResponse(ValidationErrorSerializer, description="The body is not valid"),
    409: OpenApiResponse(ErrorSerializer, description="Refused by the state of things (the code says why)"),
    **ERRORS,
}

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    {"type": "string", "minLength": 1, "maxLength": 255},
    OpenApiParameter.HEADER,
    description="Any POST: the same key and body again replay the first answer and act once (kept 48 hours).",
)


class FilteredListView(generics.ListAPIView):
    """A list whose query parameters `filter_serializer_class` validates; `filter` applies them."""

    filter_serializer_class: type[serializers.Serializer]

    def get_queryset(self):
        # A plain dict, not the QueryDict: DRF reads an empty form field as "not sent", and
        # `?status=` is no status at all (a 400, as the schema says), not "any status".
        sent = self.request.query_params.dict()
        # A page alone (what an integration polls with) needs only the page's own fields checked:
        # the filters' serializer costs more to build than the rest of the request's checks.
        serializer_class = self.filter_serializer_class if sent.keys() - PAGE_PARAMETERS else PageSerializer
        params = serializer_class(data=sent)
        params.is_valid(raise_exception=True)
        self.params = params.validated_data
        return self.filter(self.scoped_queryset(), self.params)

    def scoped_queryset(self):
        raise NotImplementedError

    def filter(self, queryset, params: dict):
        return queryset


class ClaimPagesMixin:
    """A list of claims: the filtered requests counted, their page read as claims' values
    (`scoped_claims`, filtered by the same `filter`), paginated as `ClaimPages`."""

    def scoped_claims(self):
        raise NotImplementedError

    def paginate_queryset(self, queryset):
        claims = self.filter(self.scoped_claims(), self.params)
        return super().paginate_queryset(ClaimPages(queryset, claims))


class ActionView(APIView):
    """POST: fetch through a scoped selector, validate the body, call one service, show the result.

    Subclasses give `input_serializer_class`, `output_serializer_class`, `get_object(pk)` and
    `perform(obj, data)` (the one service call); domain errors become `{"code", "detail"}`.
    """

    input_serializer_class: type[serializers.Serializer]
    output_serializer_class: type[serializers.Serializer]

    def get_object(self, pk):
        raise NotImplementedError

    def perform(self, obj, data: dict):
        raise NotImplementedError

    def act(self, request, pk):
        obj = self.get_object(pk)
        body = self.input_serializer_class(data=request.data)
        body.is_valid(raise_exception=True)
        self.perform(obj, body.validated_data)
        return Response(self.output_serializer_class(self.get_object(pk)).data, status=status.HTTP_200_OK)


def action_schema(*, summary: str, request, response, tags=("seller",)):
    return extend_schema(
        summary=summary,
        request=request,
        responses={200: response, **ACTION_ERRORS},
        tags=list(tags),
        parameters=[IDEMPOTENCY_KEY],
    )
