from django.urls import path, register_converter

from . import views
from .converters import OrderNumberConverter

register_converter(OrderNumberConverter, "order_number")

app_name = "store"
urlpatterns = [
    path("", views.OrderListView.as_view(), name="order_list"),
    path("<order_number:number>/", views.OrderDetailView.as_view(), name="order_detail"),
    path(
        "<order_number:number>/requests/<int:request_id>/withdraw/",
        views.CancellationRequestWithdrawView.as_view(),
        name="request_withdraw",
    ),
]
