"""Which attachments an application needs, and why (五（三）–（八）). Pure decisions on the application's facts."""

from dataclasses import dataclass

from zhicheng.orgs.models import UnitKind

from .models import Category

ACCESS_SERIES_NOTE = "有从业准入要求的系列须先取得相应的职业（执业）资格（五（八））"


@dataclass(frozen=True)
class Requirement:
    category: str
    label: str
    reason: str
    required: bool = True


def _req(category: str, reason: str, required: bool = True) -> Requirement:
    return Requirement(category, str(Category(category).label), reason, required)


def required_attachments(application, *, series_needs_access: bool | None = None) -> list[Requirement]:
    """The attachment list for this person, each with the clause that asks for it."""
    unit = application.unit
    reqs = [
        _req(Category.ID_CARD, "所有申报人须上传身份证正反面签字盖章复印件（五（三））"),
        _req(Category.EDUCATION, "学历资料：电子注册备案表及学信网查询截图（五（四））；无法网上查询的改传单位书面证明，"
                                 "国（境）外学历上传认证书"),
    ]
    if unit.kind == UnitKind.PUBLIC_INSTITUTION:
        reqs += [
            _req(Category.APPOINTMENT, "事业单位须提供《事业单位聘用通知书》（五（五）1）"),
            _req(Category.SALARY_APPROVAL, "事业单位须提供《事业单位人员正常晋升工资审批表》（五（五）1）"),
        ]
    elif application.is_legal_representative:
        reqs.append(_req(Category.BUSINESS_LICENCE, "单位法人申报时，工作证明材料可提供营业执照或法人证代替（五（五）2（4））"))
    else:
        reqs += [
            _req(Category.INSURANCE_PROOF, "国有企业及非公经济组织须上传申报前一月打印的养老保险个人参保证明，"
                                           "显示最近一年缴费明细（五（五）2（1））"),
            _req(Category.LABOUR_CONTRACT, "须上传有效期内的《劳动合同备案表》，合同单位须与参保单位一致（五（五）2（2））"),
        ]
    if unit.is_labour_dispatch:
        reqs.append(_req(Category.DISPATCH_AGREEMENT, "劳务派遣人员须上传派遣协议（可只提供派遣工作性质内容及首尾页）（五（五）2（3））"))
    if unit.is_out_of_province_branch:
        reqs.append(_req(Category.PARENT_RECOMMENDATION, "外省企业分公司须上传总公司出具的推荐报告原件（五（五）2（5））"))
    reqs += [
        _req(Category.PUBLICITY_FORM, "须上传职称考核认定公示表原件，公示不少于 5 个工作日（五（六））"),
        _req(Category.PLEDGE, "须上传在“信用中国（云南昆明）”下载、盖章签名按手印的职称申报承诺书（五（七））"),
    ]
    if series_needs_access is None:
        from zhicheng.policy import parameters

        rule = parameters.series_rule(application.series, application.batch.window_start.date())
        series_needs_access = bool(getattr(rule, "access_qualification", None))
    if series_needs_access:
        reqs.append(_req(Category.ACCESS_CERTIFICATE, ACCESS_SERIES_NOTE))
    held_series = {t.get("series") for t in (application.titles or [])}
    if held_series and application.series not in held_series:
        reqs.append(_req(Category.SERIES_CHANGE_PROOF, "变更职称系列须上传变更转岗证明（聘书、合同或单位证明）（二（七））"))
    if application.titles:
        reqs.append(_req(Category.PREVIOUS_TITLE, "已取得职称的，上传原职称证书以便合并计算履职年限（二（七））", required=False))
    return reqs
