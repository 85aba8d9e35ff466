"""Screenshots for the guide: each page's `shots:` lines (file = user path [phone]) taken in Chromium.

`manage.py guide_screenshots` (`make guide-screens`: on a fresh demo database) runs it against this
database; the guide's browser test runs it against the test server, so the machinery stays working.
"""

from pathlib import Path

from gonghui.help.guide import Shot

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def take(browser, base_url: str, shots: list[Shot], out_dir: Path, password: str) -> list[Path]:
    """One browser context per user and size (logged in once), one PNG per shot; returns the files."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    contexts = {}
    try:
        for shot in shots:
            key = (shot.user, shot.phone)
            if key not in contexts:
                contexts[key] = _logged_in(
                    browser, base_url, shot.user, password, PHONE if shot.phone else DESKTOP
                )
            page = contexts[key].pages[0]
            page.goto(base_url + shot.path)
            page.wait_for_load_state("networkidle")
            target = out_dir / shot.file
            page.screenshot(path=str(target))
            written.append(target)
    finally:
        for context in contexts.values():
            context.close()
    return written


def _logged_in(browser, base_url, username, password, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport, device_scale_factor=1)
    context.set_default_timeout(20000)
    page = context.new_page()
    page.goto(base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    if "/login/" in page.url:
        context.close()
        raise RuntimeError(f"无法以 {username} 登录（密码不对？）：截图需要演示数据（make guide-screens）")
    return context
