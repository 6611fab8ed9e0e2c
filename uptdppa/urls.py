from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from health_check.views import HealthCheckView

from cases import urls as cases_urls
from coordination import urls as coordination_urls
from dataprotection import urls as dataprotection_urls
from referrals import urls as referrals_urls
from reports import urls as reports_urls
from uptdppa.accounts import urls as accounts_urls
from uptdppa.accounts.views import admin_login
from uptdppa.operations import urls as operations_urls

from . import views

# The admin site logs in through allauth (MFA, lockout) like every other page.
admin.site.login = admin_login  # type: ignore[method-assign,assignment]
admin.site.site_header = "UPTD PPA Kota Jambi"
admin.site.site_title = "UPTD PPA Kota Jambi"

api_v1 = [
    *accounts_urls.api_urlpatterns,
    *cases_urls.api_urlpatterns,
    *referrals_urls.api_urlpatterns,
    *reports_urls.api_urlpatterns,
    *dataprotection_urls.api_urlpatterns,
    *coordination_urls.api_urlpatterns,
]

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("akun/", include(accounts_urls)),
    path("cases/", include(cases_urls)),
    path("pengaduan/", include(cases_urls.public_urlpatterns)),
    path("rujukan/", include(referrals_urls)),
    path("laporan/", include(reports_urls)),
    path("operasi/", include(operations_urls)),
    path("pelindungan-data/", include(dataprotection_urls)),
    path("koordinasi/", include(coordination_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include((api_v1, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Both answer 404 to anyone but the staff roles that use the API (SPECTACULAR_SETTINGS).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("health/", HealthCheckView.as_view(checks=settings.HEALTH_CHECKS), name="health"),
]

handler404 = "uptdppa.api.page_not_found"
handler500 = "uptdppa.api.server_error"
