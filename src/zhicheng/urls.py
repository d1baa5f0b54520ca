from django.contrib import admin
from django.urls import include, path

from zhicheng.applications.views_documents import document_urlpatterns as application_documents
from zhicheng.ops import views as ops_views
from zhicheng.recommendations.views_documents import document_urlpatterns as unit_documents
from zhicheng.supervision.views_results import document_urlpatterns as result_lists

# Every printed or uploaded file lives under /documents/ (namespace "documents"), but each app owns its own:
# documents/ itself is only the infrastructure (uploads, storage, PDF and Excel engines).
document_urlpatterns = application_documents + unit_documents + result_lists

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
    path("units/", include("zhicheng.orgs.urls")),
    path("applications/", include("zhicheng.applications.urls")),
    path("documents/", include((document_urlpatterns, "documents"))),
    path("certificates/", include("zhicheng.certificates.urls")),
    path("supervision/", include("zhicheng.supervision.urls")),
    path("notifications/", include("zhicheng.notifications.urls")),
    path("api/v1/", include("zhicheng.api.urls")),
    path("api-tokens/", include("zhicheng.api.page_urls")),
    path("admin/", admin.site.urls),
]
