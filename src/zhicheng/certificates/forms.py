from django import forms
from django.utils.translation import gettext_lazy as _


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("证书编号"), max_length=60,
                             help_text=_("例如：云职初认〔2024〕盘龙0000123，方括号可用 [ ] 代替"),
                             error_messages={"required": _("请输入证书编号。")})
    name = forms.CharField(label=_("持证人姓名"), max_length=50, help_text=_("与证书上的姓名一致"),
                           error_messages={"required": _("请输入持证人姓名。")})


class VerifyPdfForm(forms.Form):
    file = forms.FileField(label=_("证书 PDF 文件"), help_text=_("从本平台下载的电子职称证书 PDF（不超过 10 MB）"),
                           error_messages={"required": _("请选择要查验的证书 PDF 文件。"),
                                           "empty": _("请选择要查验的证书 PDF 文件（文件为空）。")})
