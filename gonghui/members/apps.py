from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"
    # For roster keepers only: a member is sent to their own record instead.
    menu = [("会员名册", "members:roster", "ti-users", "view")]
    # Other apps add tabs to the member page with gonghui.members.tabs.register_tab().
