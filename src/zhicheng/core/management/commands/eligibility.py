from ._policy_cli import PolicyCommand


class Command(PolicyCommand):
    help = "按通知第二部分的申报条件核验一个或多个申报人（JSON，见 docs/shared/contracts）。"
    policy_command = "eligibility"
