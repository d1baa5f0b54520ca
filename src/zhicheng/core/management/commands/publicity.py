from ._policy_cli import PolicyCommand


class Command(PolicyCommand):
    help = "核验公示期：不少于 5 个工作日，承诺日期早于公示开始，单位意见日期晚于公示结束。"
    policy_command = "publicity"
