from django.contrib import admin

from gonghui.voice.models import Notice, NoticeAttachment, Opinion, PublishingRule, Suggestion


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    readonly_fields = ["name", "size", "file"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "category", "publish_from", "publish_to", "status", "org"]
    list_filter = ["kind", "category", "status"]
    search_fields = ["title"]
    raw_id_fields = ["org", "audience_group", "created_by", "published_by"]
    inlines = [NoticeAttachmentInline]


@admin.register(Opinion)
class OpinionAdmin(admin.ModelAdmin):
    list_display = ["notice", "kind", "due_on", "replied_at", "org"]
    raw_id_fields = ["org", "notice", "author", "member", "replied_by"]


@admin.register(PublishingRule)
class PublishingRuleAdmin(admin.ModelAdmin):
    list_display = ["org", "kind", "category", "frequency"]
    raw_id_fields = ["org"]


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["title", "channel", "status", "anonymous", "submitted_on", "due_on", "org"]
    list_filter = ["channel", "status", "anonymous"]
    raw_id_fields = ["org", "author", "member", "replied_by"]
    # The reference is the anonymous writer's key: not shown to whoever runs the admin.
    exclude = ["reference"]
