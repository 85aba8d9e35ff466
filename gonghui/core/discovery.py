"""Finds each domain app's modules by name (urls, api, metrics, reports, demo, tests.factories)."""

from importlib import import_module
from importlib.util import find_spec

from django.conf import settings


def app_modules(submodule: str):
    """Yield (app label, module) for every app in GONGHUI_APPS that has `submodule`."""
    for app in settings.GONGHUI_APPS:
        name = f"{app}.{submodule}"
        try:
            found = find_spec(name)
        except ModuleNotFoundError:  # a parent package (e.g. tests/) is missing
            found = None
        if found:
            yield app.rsplit(".", 1)[-1], import_module(name)
