from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .services import notification_mark_read, notifications_for


@login_required
def notification_list(request):
    return render(request, "notifications/list.html",
                  {"notifications": notifications_for(request.user)[:100]})


@require_POST
@login_required
def notification_read(request, pk: int):
    notification_mark_read(user=request.user, notification_id=pk)
    return redirect("notifications:list")
