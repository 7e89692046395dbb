"""The floor: the least a Django view that stores something can do."""

from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import FloorRow


@csrf_exempt
@require_POST
def floor(request):
    FloorRow.objects.create()
    return HttpResponse("ok")
