from django import forms
from django.contrib.auth.forms import SetPasswordForm


class OpenForm(forms.Form):
    """The ticked members, or `everyone`: every active member of the union without an account."""

    member = forms.TypedMultipleChoiceField(required=False, coerce=str)
    everyone = forms.BooleanField(required=False)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = choices
        self.fields["member"].error_messages["invalid_choice"] = (
            "所选会员不在本组织的未开通名单中，请刷新后重新勾选。"
        )

    def clean(self):
        data = super().clean()
        if not data.get("everyone") and not data.get("member"):
            raise forms.ValidationError("请先勾选要开通账号的会员，或选择为全部未开通的会员开通。")
        return data

    def member_ids(self):
        return None if self.cleaned_data.get("everyone") else self.cleaned_data["member"]


class FirstPasswordForm(SetPasswordForm):
    """The member's own password in place of the printed one: the site's complexity rules apply."""

    error_messages = {"password_mismatch": "两次输入的新密码不一致，请重新输入。"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "新密码"
        self.fields["new_password2"].label = "再次输入新密码"
        self.fields["new_password2"].help_text = ""
        self.fields[
            "new_password1"
        ].help_text = "至少 8 位，包含大写字母、小写字母、数字、符号中的 3 种，不要用生日或手机号。"
        for field in self.fields.values():
            field.error_messages["required"] = f"请填写{field.label}。"

    def clean_new_password1(self):
        password = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise forms.ValidationError("新密码不能与密码条上的首次密码相同。")
        return password
