"""Every number field of every form says in plain Chinese what is wrong and what to do.

Found by a new user: 「确保该值小于或等于9223372036854775807。」 (an integer bounded only by its
column), 「确认总共不超过 10 个数字.」 (Django's half-translated decimal message).
"""

import importlib
import inspect

import pytest
from django import forms

from gonghui.core.discovery import app_modules
from gonghui.core.forms import plain_numbers, sensible_max


def form_classes():
    found = []
    for label, _ in app_modules("forms"):
        module = importlib.import_module(f"gonghui.{label}.forms")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def number_fields():
    return [
        pytest.param(cls, name, field, id=f"{cls.__module__}.{cls.__name__}.{name}")
        for cls in form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.IntegerField | forms.DecimalField)
    ]


DJANGO_DEFAULTS = {
    str(message)
    for klass in (forms.Field, forms.IntegerField, forms.DecimalField)
    for message in klass.default_error_messages.values()
}


@pytest.mark.parametrize(("cls", "name", "field"), number_fields())
def test_number_fields_have_plain_chinese_messages(cls, name, field):
    codes = ["invalid", "max_value", "min_value"]
    if isinstance(field, forms.DecimalField):
        codes += ["max_digits", "max_whole_digits", "max_decimal_places"]
    else:
        assert sensible_max(field), f"{cls.__name__}.{name} needs a sensible max_value"
    for code in codes:
        message = str(field.error_messages.get(code, ""))
        assert message and message not in DJANGO_DEFAULTS, f"decorate {cls.__name__} with @plain_numbers"


def test_messages_say_the_limit_in_yuan():
    @plain_numbers(count=100)
    class Form(forms.Form):
        amount = forms.DecimalField(label="金额(元)", max_digits=10, decimal_places=2)
        count = forms.IntegerField(label="人数")

    errors = Form({"amount": "123456789012", "count": "9223372036854775808"}).errors
    assert errors["amount"] == ["金额最大只能填 99,999,999.99元，请检查是否多输了数字。"]
    assert errors["count"] == ["人数不能超过 100，请检查是否多输了数字。"]
    assert Form({"amount": "1.234", "count": "x"}).errors == {
        "amount": ["金额最多保留 2 位小数（到分），请删去多余的小数位。"],
        "count": ["人数请填写整数。"],
    }
