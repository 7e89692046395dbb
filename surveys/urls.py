from .editor import urls as editor_urls
from .respond import urls as respond_urls
from .results.urls import urlpatterns as results_urlpatterns
from .review import urls as review_urls
from .views import coordinator

app_name = "surveys"

urlpatterns = [
    # Respondents: public, anonymous.
    *respond_urls.urlpatterns,
    # Coordinators and facilitators.
    *coordinator.urlpatterns,
    # The questionnaire editor.
    *editor_urls.urlpatterns,
    # Results (issue #4): page, slides, exports, insights.
    *results_urlpatterns,
    *review_urls.urlpatterns,
]
