from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "gonghui.members"
    label = "members"
    verbose_name = "会员"
    menu = [("会员名册", "members:roster", "ti-users", "view")]  # officers only: a member sees their own record
    # Other apps add tabs to the member page with gonghui.members.tabs.register_tab().
