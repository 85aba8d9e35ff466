from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "gonghui.orgs"
    label = "orgs"
    verbose_name = "组织"
    menu = [("组织架构", "orgs:tree", "ti-sitemap", "view")]
