from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    # One message for a wrong username or a wrong password: never hint which part was wrong.
    error_messages = {
        "invalid_login": "用户名或密码不正确。请注意区分大小写。",
        "inactive": "用户名或密码不正确。请注意区分大小写。",
    }

    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True})
    )
    password = forms.CharField(label="密码", strip=False, widget=forms.PasswordInput)
