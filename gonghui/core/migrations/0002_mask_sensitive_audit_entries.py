"""Mask the sensitive fields in audit entries written before the log masked them at write time
(core.masking.AUDIT_MASKED): ID numbers and phones as shown elsewhere, hardship details as ***.
Masking a masked value changes nothing, so running it again is harmless."""

from django.db import migrations

from gonghui.core.masking import AUDIT_MASKED, mask_number, mask_text

FUNCTIONS = {"gonghui.core.masking.mask_number": mask_number, "gonghui.core.masking.mask_text": mask_text}


def _masked(changes, fields, mask):
    if not isinstance(changes, dict):
        return changes
    out = dict(changes)
    for name in fields & out.keys():
        value = out[name]
        if isinstance(value, list):
            out[name] = [mask("" if v is None else str(v)) for v in value]
    return out


def mask_entries(apps, schema_editor):
    LogEntry = apps.get_model("auditlog", "LogEntry")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for label, (callable_path, fields) in AUDIT_MASKED.items():
        app_label, model = label.split(".")
        content_type = ContentType.objects.filter(app_label=app_label, model=model).first()
        if content_type is None:
            continue
        mask, fields = FUNCTIONS[callable_path], set(fields)
        for entry in LogEntry.objects.filter(content_type=content_type).iterator(chunk_size=2000):
            changes = _masked(entry.changes, fields, mask)
            if changes != entry.changes:
                entry.changes = changes
                entry.changes_text = ""
                entry.save(update_fields=["changes", "changes_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(mask_entries, migrations.RunPython.noop)]
