"""Create the editorial groups and the "Editorial review" workflow on every install.

Permissions are assigned by cms.roles.sync_roles after each migrate, once Django has
created them; this migration makes the groups and the workflow exist.
"""

from django.conf import settings
from django.db import migrations

WORKFLOW_NAME = "Editorial review"
TASK_NAME = "Review by a second person"


def create_roles_and_workflow(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    FourEyesReviewTask = apps.get_model("cms", "FourEyesReviewTask")

    Group.objects.get_or_create(name="Editors")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES[1:]:
        Group.objects.get_or_create(name=f"Translators ({code})")

    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if created:
        task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="foureyesreviewtask")
        task = FourEyesReviewTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
        task.groups.set([reviewers])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    root = Page.objects.filter(depth=1).first()
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.exclude(pk=workflow.pk).update(active=False)

    # Wagtail's default "Moderators" group is replaced by "Reviewers".
    Group.objects.filter(name="Moderators", user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0002_four_eyes_review_task"),
        ("home", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles_and_workflow, migrations.RunPython.noop)]
