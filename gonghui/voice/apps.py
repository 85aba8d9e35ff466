from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "gonghui.voice"
    label = "voice"
    verbose_name = "公开与建议"
    menu = [("公开与建议", "voice:index", "ti-speakerphone")]

    def ready(self):
        from gonghui.voice import hooks

        hooks.register()
