from django.contrib import admin
from django.urls import include, path

from zhicheng.ops import views as ops_views

handler500 = "zhicheng.ops.views.server_error"

admin.site.site_header = "初级职称考核认定平台 管理后台"
admin.site.site_title = "职称考核认定管理"
admin.site.index_title = "数据管理"

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("readyz", ops_views.readyz, name="readyz"),
    path("", include("zhicheng.core.urls")),
    path("accounts/", include("zhicheng.accounts.urls")),
    path("batches/", include("zhicheng.batches.urls")),
    path("unit/", include("zhicheng.recommendations.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("documents/", include("zhicheng.documents.urls")),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("supervision/", include("zhicheng.supervision.urls")),
    path("notifications/", include("zhicheng.notifications.urls")),
    path("api/v1/", include("zhicheng.api.urls")),
    path("api-tokens/", include("zhicheng.api.page_urls")),
    path("admin/", admin.site.urls),
]
