from django.core.management.base import BaseCommand

from areas.models import Area
from core.demodata import demo_accounts, load_demo


class Command(BaseCommand):
    help = "Load the demo district (Haidian: areas, centers, partners, volunteers) unless it is already there."

    def add_arguments(self, parser):
        parser.add_argument("--volunteers", type=int, default=300)
        parser.add_argument("--partners", type=int, default=40)
        parser.add_argument("--seed", type=int, default=2021)

    def handle(self, *args, volunteers: int, partners: int, seed: int, **options):
        if Area.objects.exists():
            self.stdout.write("Demo data already loaded. 演示数据已存在。")
            accounts = demo_accounts()
        else:
            accounts = load_demo(volunteers=volunteers, partners=partners, seed=seed)
            self.stdout.write(
                self.style.SUCCESS(f"Loaded the demo district: {volunteers} volunteers, {partners} partners.")
            )
        self.stdout.write("\nDemo accounts 演示账号 (login with the mobile number / 用手机号登录):")
        for role, login, password in accounts.rows:
            self.stdout.write(f"  {role:<48} {login:<14} {password}")
