from django.urls import path

from . import views

app_name = "store"
urlpatterns = [
    path("", views.OrderListView.as_view(), name="order_list"),
    path("<str:number>/", views.OrderDetailView.as_view(), name="order_detail"),
    path(
        "<str:number>/requests/<int:request_id>/withdraw/",
        views.CancellationRequestWithdrawView.as_view(),
        name="request_withdraw",
    ),
]
