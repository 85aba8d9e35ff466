"""Retake the guide's screenshots (docs/guide/img/) from this database: `make guide-screens` runs it on
a fresh demo database. The site is served from a thread (waitress) on a free port while Chromium
logs in as each page's users and takes its `shots:`."""

import os
import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gonghui.help import guide, screens


class Command(BaseCommand):
    help = "重新截取帮助页面的截图（需要演示数据：make guide-screens）"

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", default=None, help="只截这些文件，如 members-roster.png")
        parser.add_argument("--out", default=str(guide.IMAGE_DIR))
        parser.add_argument("--password", default="gonghui-demo", help="演示账号的密码")

    def handle(self, *args, only, out, password, **options):
        from playwright.sync_api import sync_playwright
        from waitress import create_server

        from gonghui.wsgi import application

        shots = [s for page in guide.build().values() for s in page.shots]
        if only:
            unknown = set(only) - {s.file for s in shots}
            if unknown:
                raise CommandError(f"帮助页面里没有这些截图：{', '.join(sorted(unknown))}")
            shots = [s for s in shots if s.file in only]
        os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
        server = create_server(application, host="127.0.0.1", port=0, threads=4)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base_url = f"http://127.0.0.1:{server.effective_port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
                    args=screens.CHROMIUM_ARGS,
                )
                try:
                    written = screens.take(browser, base_url, shots, Path(out), password)
                finally:
                    browser.close()
        except RuntimeError as error:
            raise CommandError(str(error))
        finally:
            server.close()
        for path in written:
            self.stdout.write(
                f"{path.relative_to(settings.BASE_DIR) if path.is_relative_to(settings.BASE_DIR) else path}"
            )
        self.stdout.write(self.style.SUCCESS(f"已截取 {len(written)} 张截图。"))
