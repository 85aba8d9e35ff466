import re
from decimal import Decimal

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator


class LoginForm(AuthenticationForm):
    # One message for a wrong username or a wrong password: never hint which part was wrong.
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
        "inactive": "用户名或密码不正确。请注意区分大小写。",
    }

    username = forms.CharField(
        label="手机号或用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)

    def clean_username(self):
        # "138 0013 8000" or "+86 13800138000" is the phone 13800138000: one lockout key for axes, too.
        from gonghui.accounts.passwords import login_phone

        username = self.cleaned_data["username"].strip()
        return login_phone(username) or username


def _unit(label) -> str:
    label = str(label or "")
    return "元" if "元" in label else "%" if "%" in label else ""


def _bare(label: str) -> str:
    """「金额(元)」 → 「金额」: the unit goes after the number in a message."""
    return re.sub(r"[（(][^）)]*[）)]$", "", str(label or "该项")).strip()


def _largest(field) -> str:
    whole = field.max_digits - (field.decimal_places or 0)
    largest = Decimal(10**whole) - Decimal(1).scaleb(-(field.decimal_places or 0))
    return f"{largest:,}"


def _decimal_messages(field) -> dict:
    label, unit = _bare(field.label), _unit(field.label)
    places = field.decimal_places or 0
    too_big = f"{label}最大只能填 {_largest(field)}{unit}，请检查是否多输了数字。"
    cents = "（到分）" if unit == "元" and places == 2 else ""
    return {
        "invalid": f"{label}请填写数字，例如 12.50。",
        "max_digits": too_big,
        "max_whole_digits": too_big,
        "max_decimal_places": f"{label}最多保留 {places} 位小数{cents}，请删去多余的小数位。",
        "max_value": f"{label}不能超过 %(limit_value)s{unit}，请检查。",
        "min_value": f"{label}不能小于 %(limit_value)s{unit}，请检查。",
    }


def _integer_messages(field) -> dict:
    label, unit = _bare(field.label), _unit(field.label)
    return {
        "invalid": f"{label}请填写整数。",
        "max_value": f"{label}不能超过 %(limit_value)s{unit}，请检查是否多输了数字。",
        "min_value": f"{label}不能小于 %(limit_value)s{unit}，请检查。",
    }


def plain_numbers(form_class=None, /, **limits):
    """Number fields of a form say what is wrong, and what to do, in plain Chinese.

    Django's own messages are half-translated (「确认总共不超过 10 个数字.」), and an integer field
    bounded only by its database column says 「确保该值小于或等于9223372036854775807。」. Decorate
    the form class; `limits` gives integer fields a sensible upper bound (`employee_count=2_000_000`).
    Every integer field must end up with one below 2**31, else the class fails at import.
    """

    def decorate(cls):
        for name, field in cls.base_fields.items():
            if name in limits:
                field.max_value = limits[name]
                field.validators.append(MaxValueValidator(limits[name]))
                field.widget.attrs["max"] = limits[name]
            if isinstance(field, forms.DecimalField):
                _keep_own(field, _decimal_messages(field))
            elif isinstance(field, forms.IntegerField):
                if not sensible_max(field):
                    raise ImproperlyConfigured(
                        f"{cls.__name__}.{name}: give the integer field a sensible max_value"
                    )
                _keep_own(field, _integer_messages(field))
        return cls

    return decorate(form_class) if form_class else decorate


def _keep_own(field, messages: dict):
    """Replace Django's default messages only; a message the form's author wrote stays."""
    defaults = {}
    for klass in reversed(type(field).__mro__):
        defaults.update(getattr(klass, "default_error_messages", {}))
    for code, message in messages.items():
        if field.error_messages.get(code, defaults.get(code)) == defaults.get(code):
            field.error_messages[code] = message


def sensible_max(field) -> int | None:
    """The field's tightest upper bound if one is below 2**31 (a column's own limit does not count)."""
    bounds = [v.limit_value for v in field.validators if isinstance(v, MaxValueValidator)]
    bounds = [b for b in bounds if isinstance(b, int) and b < 2**31]
    return min(bounds) if bounds else None


def run_service(form, service, **kwargs):
    """Call a service for a bound form: its ValidationError becomes the form's errors (on the field it
    names when the form has that field) and is kept as `form.service_error`; returns None then."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        form.service_error = error
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None
