"""Demo service orders for the demo district (core.demodata.load_demo must have run): menus, teams, and orders
in every state, made through the services so every rule, history line and ledger entry holds, then given a
past (spread over the last weeks) so the figures have response times to show.

Centered on 中关村街道, whose coordinator, volunteer and partner admin are the named demo accounts.
"""

import io
import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Membership, User, phone_hash
from areas.models import Area, PracticeCenter
from campaigns.models import Campaign
from orders import services
from orders.models import Category, FollowUp, Rating, ServiceItem, ServiceOrder, StatusChange
from orders.sla import deadline
from volunteers.models import Skill, Volunteer, VolunteerTeam
from volunteers.services import create_team

MENUS = {
    "center": [
        ("法律咨询", Category.LEGAL, "律师志愿者解答邻里纠纷、赡养、租房等法律问题", []),
        ("健康义诊", Category.MEDICAL, "社区医院医生量血压、测血糖、讲解用药", ["first-aid"]),
    ],
    "institute": [
        ("教老人用智能手机", Category.DIGITAL_HELP, "上门或在实践所教老人视频通话、扫码、挂号", ["smartphone-help"]),
        ("背街小巷清洁", Category.CLEAN_UP, "清理楼道堆物、小广告和卫生死角", []),
        ("无障碍设施维修", Category.BARRIER_FREE, "修缮坡道、扶手、盲道等无障碍设施", ["repair"]),
        ("家电义务维修", Category.OTHER, "小家电检修，配件费用自理", ["repair"]),
    ],
    "station": [("四点半课堂", Category.ELDERLY_CHILDREN, "放学后的作业辅导和安全看护", ["child-care"])],
}
NEEDS = [
    ("教老人用智能手机", "老人想学用手机和外地的孙子视频"),
    ("楼道堆物清理", "3号楼楼道堆满纸箱，影响通行和消防"),
    ("单元门口坡道破损", "轮椅上下不方便，坡道边缘开裂"),
    ("独居老人陪伴", "每周希望有人来聊聊天、读读报"),
    ("电饭煲不加热", "用了五年的电饭煲坏了，想请人看看"),
    ("租房合同咨询", "房东要提前收回房子，想咨询怎么处理"),
    ("测血压", "家里老人腿脚不便，想请医生上门测血压"),
    ("小广告清理", "小区门口电线杆贴满小广告"),
]
SURNAMES = "王李张刘陈杨赵黄周吴"


def _photo(rng: random.Random) -> SimpleUploadedFile:
    picture = Image.new("RGB", (640, 480), tuple(rng.randint(120, 230) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = rng.randint(0, 560), rng.randint(0, 400)
        draw.rectangle((x, y, x + rng.randint(30, 80), y + rng.randint(30, 80)), fill=(40, 90, 160))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("现场照片.jpg", buffer.getvalue(), content_type="image/jpeg")


def _user(phone: str) -> User:
    return User.objects.get(phone_hash=phone_hash(phone))


def _spread(order: ServiceOrder, *, start: datetime, rng: random.Random, gaps=(1, 20)) -> None:
    """Give an order made just now a past: its history spread over hours from `start`, its times to match."""
    order.refresh_from_db()
    at, first = start, {}
    for change in order.history.order_by("at", "pk"):
        if change.action != StatusChange.Action.CREATED:
            at += timedelta(hours=rng.uniform(*gaps))
        StatusChange.objects.filter(pk=change.pk).update(at=at)
        first.setdefault(change.action, at)
    Action = StatusChange.Action
    fields = {"created_at": start, "updated_at": at}
    dispatched = [first[a] for a in (Action.DISPATCHED, Action.PUBLISHED) if a in first]
    if order.dispatched_at:
        fields["dispatched_at"] = min(dispatched)
    if order.taken_at:
        fields["taken_at"] = first.get(Action.ACCEPTED) or first[Action.GRABBED]
    if order.completed_at:
        fields["completed_at"] = first[Action.COMPLETED]
    if order.cancelled_at:
        fields["cancelled_at"] = first[Action.CANCELLED]
    if order.step:
        fields["due_at"] = deadline(order.step, at)
    ServiceOrder.objects.filter(pk=order.pk).update(**fields)
    if Action.RATED in first:
        Rating.objects.filter(order=order).update(created_at=first[Action.RATED])
        FollowUp.objects.filter(order=order).update(created_at=first[Action.RATED], updated_at=at)


class _Demo:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.street = Area.objects.get(name="中关村街道")
        self.institute = PracticeCenter.objects.get(area=self.street)
        self.district_center = PracticeCenter.objects.get(level=PracticeCenter.Level.CENTER)
        self.communities = list(self.street.children.order_by("code"))
        self.coordinator, self.office = _user("13800000002"), _user("13800000001")
        self.volunteer = Volunteer.objects.get(user__phone_hash=phone_hash("13800000004"))
        self.partner = Membership.objects.get(user__phone_hash=phone_hash("13800000003")).partner
        self.partner_admin = _user("13800000003")
        self.phones = iter(range(3_930_000_000, 3_939_999_999))

    def menus(self) -> dict[str, ServiceItem]:
        items = {}
        stations = PracticeCenter.objects.filter(area__in=self.communities[:3])
        for level, centers in (
            ("center", [self.district_center]),
            ("institute", [self.institute]),
            ("station", stations),
        ):
            for center in centers:
                for name, category, description, skills in MENUS[level]:
                    items[name] = services.create_service_item(
                        center=center,
                        name=name,
                        category=category,
                        description=description,
                        skills=Skill.objects.filter(code__in=skills),
                    )
        return items

    def teams(self) -> tuple[VolunteerTeam, VolunteerTeam]:
        neighbours = Volunteer.objects.active().filter(home_area__path__startswith=self.street.path)
        ours = create_team(
            name="中关村街道助老志愿服务队",
            center=self.institute,
            leader=self.volunteer,
            members=list(neighbours.exclude(pk=self.volunteer.pk)[:6]),
            description="教老人用手机、陪伴独居老人、上门小修小补",
        )
        members = Volunteer.objects.active().filter(
            user__memberships__partner=self.partner, user__memberships__status=Membership.Status.ACTIVE
        )
        theirs = create_team(
            name=f"{self.partner.name}青年志愿服务队",
            partner=self.partner,
            leader=members.exclude(pk=self.volunteer.pk).first() or self.volunteer,
            members=list(members[:8]),
        )
        return ours, theirs

    def order(self, item: ServiceItem | None = None, *, community=None, source=ServiceOrder.Source.RESIDENT):
        title, description = self.rng.choice(NEEDS)
        community = community or self.rng.choice(self.communities)
        resident = source == ServiceOrder.Source.RESIDENT
        return services.place_order(
            community=community,
            address=f"{community.name}{self.rng.randint(1, 30)}号楼{self.rng.randint(1, 6)}单元",
            source=source,
            service_item=item,
            title="" if item else title,
            description=description,
            contact_name=f"{self.rng.choice(SURNAMES)}阿姨" if resident else "",
            contact_phone=f"1{next(self.phones)}" if resident else "",
            created_by=None if resident else self.coordinator,
        )

    def up_to_the_center(self, order: ServiceOrder, reason: str) -> ServiceOrder:
        """Hand an order up level by level to the district's practice center (whose area holds every partner)."""
        while order.center_id != self.district_center.pk:
            order = services.escalate_order(order=order, escalated_by=self.office, reason=reason)
        return order

    def taken(self, item, team: VolunteerTeam) -> ServiceOrder:
        order = services.dispatch_order(order=self.order(item), dispatched_by=self.coordinator, team=team)
        return services.accept_offer(offer=order.offers.get(), accepted_by=team.leader.user)

    def done(self, item, team: VolunteerTeam, *, hours: str = "2") -> ServiceOrder:
        order = self.taken(item, team)
        services.schedule_order(
            order=order,
            scheduled_by=team.leader.user,
            starts_at=self.now + timedelta(hours=2),
            ends_at=self.now + timedelta(hours=4),
        )
        services.add_order_photo(order=order, upload=_photo(self.rng), uploaded_by=team.leader.user)
        workers = [team.leader, *team.members.exclude(pk=team.leader_id)[:1]]
        return services.complete_order(
            order=order,
            completed_by=team.leader.user,
            note="已按约定时间上门完成服务，居民现场确认",
            participants=[{"volunteer": worker, "hours": Decimal(hours)} for worker in workers],
        )


def load_orders_demo(*, seed: int = 2021) -> dict[str, int]:
    """Menus for the district center, 中关村街道's institute and three of its stations; two teams; and orders in
    every state (with declined offers, escalations, an event, ratings high and low, a follow-up and an SLA
    miss). Returns how many orders are in each status."""
    demo = _Demo(seed)
    items = demo.menus()
    ours, partner_team = demo.teams()
    phone_help, clean_up, repair = items["教老人用智能手机"], items["背街小巷清洁"], items["家电义务维修"]
    history = []

    for days in (24, 20, 16, 12, 9, 6):  # completed and rated, mostly satisfied
        order = demo.done(demo.rng.choice([phone_help, clean_up, repair]), ours)
        services.rate_order(order=order, score=demo.rng.choice([4, 5, 5, 5]), comment="服务很耐心，谢谢志愿者")
        history.append((order, days))
    unhappy = demo.done(repair, ours, hours="1.5")
    services.rate_order(order=unhappy, score=1, comment="约好上午来，下午才到，也没修好")
    history.append((unhappy, 8))
    history.append((demo.done(phone_help, ours), 3))  # completed, not rated yet

    legal = demo.up_to_the_center(demo.order(items["法律咨询"]), "本所暂无律师志愿者")
    services.dispatch_order(order=legal, dispatched_by=demo.office, partner=demo.partner)
    services.accept_offer(offer=legal.offers.get(), accepted_by=demo.partner_admin)
    history.append((legal, 5))
    checkup = demo.up_to_the_center(demo.order(items["健康义诊"]), "需要医生志愿者")
    services.publish_order(order=checkup, published_by=demo.office)
    services.grab_order(order=checkup, grabbed_by=partner_team.leader.user, team=partner_team)
    history.append((checkup, 4))

    cleanup = demo.taken(clean_up, ours)  # work that needs people: opened for sign-up as an event
    campaign = Campaign.objects.filter(center=demo.institute, status=Campaign.Status.PUBLISHED).first()
    if campaign is not None:
        starts_at = demo.now.replace(minute=0, second=0, microsecond=0) + timedelta(days=3)
        services.open_event_for_order(
            order=cleanup,
            opened_by=demo.coordinator,
            campaign=campaign,
            capacity=8,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=2),
        )
    history.append((cleanup, 2))

    late = demo.taken(repair, ours)  # taken weeks ago and never reported: the SLA sweep flags it
    history.append((late, 18))

    declined = demo.order(phone_help)
    neighbours = Volunteer.objects.active().filter(home_area__path__startswith=demo.street.path)
    asked = list(neighbours.exclude(pk=demo.volunteer.pk)[:2])
    if asked:
        services.dispatch_order(order=declined, dispatched_by=demo.coordinator, volunteers=asked)
        for offer in declined.offers.all():
            services.decline_offer(offer=offer, declined_by=offer.volunteer.user, reason="这周要加班，去不了")
    history.append((declined, 1))

    dispatched = services.dispatch_order(order=demo.order(phone_help), dispatched_by=demo.coordinator, team=ours)
    history.append((dispatched, 0.5))
    published = services.publish_order(order=demo.order(clean_up), published_by=demo.coordinator)
    history.append((published, 0.3))
    history.append((demo.order(), 0.1))  # just ordered, by a resident describing a need
    history.append((demo.order(source=ServiceOrder.Source.PATROL), 0.2))
    withdrawn = demo.order(phone_help)
    services.cancel_order(order=withdrawn, reason="家里孩子已经教会了")
    history.append((withdrawn, 4))
    refused = demo.order()
    services.cancel_order(order=refused, cancelled_by=demo.coordinator, reason="不属于志愿服务范围，已转物业处理")
    history.append((refused, 7))
    stale = demo.order(community=demo.communities[0])  # nobody dispatched it in time: handed up by the sweep
    history.append((stale, 6))

    for order, days in history:
        _spread(order, start=demo.now - timedelta(days=days), rng=demo.rng, gaps=(0.2, min(20, days * 4 + 0.2)))
    services.handle_overdue_orders()
    statuses = Counter(
        ServiceOrder.objects.filter(pk__in=[order.pk for order, _days in history]).values_list("status", flat=True)
    )
    return {status: statuses[status] for status in ServiceOrder.Status.values}
