from .editor import urls as editor_urls
from .respond import urls as respond_urls
from .review import urls as review_urls
from .views import coordinator
from .views import exports
from .views import insights
from .views import results

app_name = "surveys"

urlpatterns = [
    # Respondents: public, anonymous.
    *respond_urls.urlpatterns,
    # Coordinators and facilitators.
    *coordinator.urlpatterns,
    # The questionnaire editor.
    *editor_urls.urlpatterns,
    # Results (issue #4).
    *results.urlpatterns,
    *review_urls.urlpatterns,
    *exports.urlpatterns,
    *insights.urlpatterns,
]
