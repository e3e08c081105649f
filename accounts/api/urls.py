from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/csrf/", views.CsrfView.as_view(), name="auth-csrf"),
    path("auth/login/", views.LoginView.as_view(), name="auth-login"),
    path("auth/logout/", views.LogoutView.as_view(), name="auth-logout"),
    path("auth/token/", views.TokenView.as_view(), name="auth-token"),
    path("auth/me/", views.CurrentUserView.as_view(), name="auth-me"),
    path("auth/password/", views.PasswordChangeView.as_view(), name="auth-password"),
    path("memberships/", views.MembershipListView.as_view(), name="membership-list"),
    path("memberships/<int:membership_id>/", views.MembershipDetailView.as_view(), name="membership-detail"),
    path("audit-events/", views.AuditEventListView.as_view(), name="audit-event-list"),
]
