"""Changes to the org tree: one function per change, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.orgs.models import ALLOWED_CHILD_KINDS, Org


@transaction.atomic
def create_org(*, parent: Org | None, form, by) -> Org:
    """Add an org under `parent` (or as a new root federation when parent is None)."""
    org = form.save(commit=False)
    if parent is None:
        return Org.objects.add_root(instance=org)
    return Org.objects.add_child(parent, instance=org)


@transaction.atomic
def move_org(*, org: Org, new_parent: Org, by) -> Org:
    """Re-hang an org (and its subtree) under another parent."""
    org = Org.objects.get(pk=org.pk)
    new_parent = Org.objects.get(pk=new_parent.pk)
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise ValidationError("不能把组织移到它自己或它的下级组织之下。")
    if org.kind not in ALLOWED_CHILD_KINDS[new_parent.kind]:
        raise ValidationError(f"「{new_parent.get_kind_display()}」下不能放「{org.get_kind_display()}」。")
    org.move(new_parent, pos="sorted-child")
    return Org.objects.get(pk=org.pk)
