app_name = "reports"

urlpatterns: list = []

api_urlpatterns: list = []
