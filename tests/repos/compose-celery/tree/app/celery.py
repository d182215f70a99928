import os

from celery import Celery

app = Celery("app", broker=os.environ["CELERY_BROKER_URL"])
app.conf.result_backend = os.environ.get("CELERY_RESULT_BACKEND")
app.autodiscover_tasks()
