"""Log in to a running Gonghui as a browser would (CSRF token, cookies), open the home page and its static files.

    python bin/login_check.py BASE_URL USERNAME PASSWORD EXPECTED_TEXT

Exits non-zero with the reason when the server does not answer within 3 minutes, the login fails, the page after
login lacks EXPECTED_TEXT, a static file is missing or unhashed, or a missing page is not the Chinese 404.
Plain Python (no Django), used by bin/prod-check and bin/start-check.
"""

import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request


def main(base, username, password, expected):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def fetch(path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(base + path, body, timeout=30) as response:
                return response.status, response.geturl(), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read().decode("utf-8", "replace")

    def check(condition, message):
        if not condition:
            sys.exit(f"login check FAILED: {message}")

    for _ in range(360):  # the server needs a moment to start (a first start collects static files)
        try:
            status, _, login_page = fetch("/login/")
            break
        except OSError:
            time.sleep(0.5)
    else:
        sys.exit("login check FAILED: the server did not answer within 3 minutes")
    check(status == 200, f"/login/ answered {status}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page)
    check(token is not None, "the login form has no CSRF token")
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    status, url, home = fetch("/login/", form)
    check(status == 200, f"logging in answered {status} at {url}")
    check(not url.endswith("/login/"), "the login was refused")
    check(
        expected in home and "退出" in home, f"the page after login lacks 「{expected}」 or the logout button"
    )
    statics = sorted(set(re.findall(r'(?:href|src)="(/static/[^"]+)"', home)))
    check(len(statics) >= 4, f"expected the app's CSS and JS on the page, found {statics}")
    for path in statics:
        check(re.search(r"\.[0-9a-f]{12}\.", path), f"{path} is not a hashed (manifest) name")
        status, _, _ = fetch(path)
        check(status == 200, f"{path} answered {status}")
    status, _, missing = fetch("/no-such-page/")
    check(
        status == 404 and "找不到该页面" in missing,
        f"a missing page answered {status} without the Chinese page",
    )
    print(f"login check ok: {url[len(base) :]} 200 with 「{expected}」, {len(statics)} static files served")


if __name__ == "__main__":
    main(*sys.argv[1:5])
