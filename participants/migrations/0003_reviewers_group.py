"""The “Reviewers” group: admin access plus view/change of membership applications.

Applications hold applicants' personal data, so the permissions go to this group only;
the “Editors” group is explicitly stripped of them in case someone added them by hand.
"""

from django.db import migrations

CODENAMES = ["view_membershipapplication", "change_membershipapplication"]
NAMES = {
    "view_membershipapplication": "Can view membership application",
    "change_membershipapplication": "Can change membership application",
}


def application_permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(
        app_label="participants", model="membershipapplication"
    )
    return [
        Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": NAMES[codename]}
        )[0]
        for codename in CODENAMES
    ]


def forwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    reviewers, _ = Group.objects.get_or_create(name="Reviewers")
    permissions = application_permissions(apps)
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        permissions.append(admin_access)
    reviewers.permissions.add(*permissions)
    for editors in Group.objects.filter(name="Editors"):
        editors.permissions.remove(*application_permissions(apps))


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for reviewers in Group.objects.filter(name="Reviewers"):
        reviewers.permissions.remove(*application_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("participants", "0002_joinpage_membershipapplication"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
