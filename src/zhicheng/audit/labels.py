"""Chinese names of audit actions, for the trails people read (the stored code stays the same)."""

ACTION_LABELS = {
    "application.start": "开始申报",
    "application.section_save": "保存申报内容",
    "application.submit": "提交申报",
    "application.resubmit": "修改后重新提交",
    "application.unit_approve": "单位审核通过",
    "application.unit_return": "单位退回修改",
    "application.department_approve": "主管部门复核通过",
    "application.department_return": "主管部门退回修改",
    "application.bureau_approve": "人社局认定通过",
    "application.bureau_return": "人社局退回修改",
    "application.bureau_reject": "人社局不予认定",
    "application.record_paper": "登记收到纸质认定表",
    "application.close_overdue": "逾期未补正，申报终止",
    "application.revoke": "撤销职称",
    "attachment.add": "上传附件",
    "certificate.issue": "签发电子证书",
    "certificate.revoke": "撤销电子证书",
    "id_number.view": "查看完整身份证号码",
}


def action_label(code: str) -> str:
    return ACTION_LABELS.get(code, code)
