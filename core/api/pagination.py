from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=2&page_size=50`; page size capped so no request can ask for the whole table."""

    page_size_query_param = "page_size"
    max_page_size = 100
