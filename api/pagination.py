from rest_framework.pagination import PageNumberPagination


class ApiPagination(PageNumberPagination):
    """`{"count", "next", "previous", "results"}`, with `page` and `limit` (SPEC section 8)."""

    page_size = 25
    page_size_query_param = "limit"
    max_page_size = 100
