from django.urls import path

from orders.api import views

urlpatterns = [
    path("service-items/", views.ServiceItemListView.as_view(), name="service-item-list"),
    path("service-items/<int:item_id>/", views.ServiceItemDetailView.as_view(), name="service-item-detail"),
    path("order-verification-codes/", views.VerificationCodeView.as_view(), name="order-verification-code"),
    path("resident-orders/", views.ResidentOrderCreateView.as_view(), name="resident-order-create"),
    path("resident-orders/<str:token>/", views.ResidentOrderView.as_view(), name="resident-order-detail"),
    path("resident-orders/<str:token>/rating/", views.ResidentRatingView.as_view(), name="resident-order-rating"),
    path("resident-orders/<str:token>/cancel/", views.ResidentCancelView.as_view(), name="resident-order-cancel"),
    path("service-orders/", views.OrderListView.as_view(), name="service-order-list"),
    path("service-orders/board/", views.OrderBoardView.as_view(), name="service-order-board"),
    path("service-orders/<int:order_id>/", views.OrderDetailView.as_view(), name="service-order-detail"),
    path("service-orders/<int:order_id>/dispatch/", views.OrderDispatchView.as_view(), name="service-order-dispatch"),
    path("service-orders/<int:order_id>/publish/", views.OrderPublishView.as_view(), name="service-order-publish"),
    path("service-orders/<int:order_id>/escalate/", views.OrderEscalateView.as_view(), name="service-order-escalate"),
    path("service-orders/<int:order_id>/cancel/", views.OrderCancelView.as_view(), name="service-order-cancel"),
    path(
        "service-orders/<int:order_id>/suggestions/",
        views.OrderSuggestionsView.as_view(),
        name="service-order-suggestions",
    ),
    path("service-orders/<int:order_id>/contact/", views.OrderContactView.as_view(), name="service-order-contact"),
    path("service-orders/<int:order_id>/grab/", views.OrderGrabView.as_view(), name="service-order-grab"),
    path("service-orders/<int:order_id>/schedule/", views.OrderScheduleView.as_view(), name="service-order-schedule"),
    path("service-orders/<int:order_id>/event/", views.OrderEventView.as_view(), name="service-order-event"),
    path(
        "service-orders/<int:order_id>/photos/",
        views.OrderPhotoUploadView.as_view(),
        name="service-order-photo-upload",
    ),
    path("service-orders/<int:order_id>/complete/", views.OrderCompleteView.as_view(), name="service-order-complete"),
    path("order-photos/<int:photo_id>/", views.OrderPhotoView.as_view(), name="order-photo"),
    path(
        "order-photos/<int:photo_id>/thumbnail/",
        views.OrderPhotoThumbnailView.as_view(),
        name="order-photo-thumbnail",
    ),
    path("order-offers/", views.OfferListView.as_view(), name="order-offer-list"),
    path("order-offers/<int:offer_id>/accept/", views.OfferAcceptView.as_view(), name="order-offer-accept"),
    path("order-offers/<int:offer_id>/decline/", views.OfferDeclineView.as_view(), name="order-offer-decline"),
    path("order-follow-ups/", views.FollowUpListView.as_view(), name="order-follow-up-list"),
    path(
        "order-follow-ups/<int:follow_up_id>/close/",
        views.FollowUpCloseView.as_view(),
        name="order-follow-up-close",
    ),
]
